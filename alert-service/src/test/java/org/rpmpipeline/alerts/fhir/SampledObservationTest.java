package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.SampledData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

class SampledObservationTest {
    private static final Instant START = Instant.parse("2026-03-15T08:30:00Z");
    private static ValidatorHolder validator;
    private final ObservationMapper mapper = new ObservationMapper();

    @BeforeAll
    static void buildValidator() {
        validator = new ValidatorHolder();
    }

    static Reading reading(VitalType vital, Instant at, String value) {
        return new Reading(Schema.VERSION, Reading.idFor("ox-1", vital, at, null), "pat-9", "ox-1", "hub-7", vital,
                value == null ? null : new BigDecimal(value), vital.unit(),
                value == null ? DataAbsentReason.NOT_A_NUMBER : null, List.of(), at, at.plusMillis(250),
                TimeSource.DEVICE, null, null);
    }

    private static SampledGroup group(VitalType vital) {
        SampledGroup group = new SampledGroup("ox-1", vital, START, Duration.ofSeconds(5), Duration.ofSeconds(1));
        group.add(reading(vital, START, "97"));
        group.add(reading(vital, START.plusMillis(1_400), "96"));
        group.add(reading(vital, START.plusSeconds(3), null));
        group.add(reading(vital, START.plusMillis(4_100), "95"));
        group.add(reading(vital, START.plusMillis(4_900), "94"));
        return group;
    }

    @Test
    void mapsAGroupToOneSampledDataObservation() {
        Observation observation = mapper.mapSampled(group(VitalType.SPO2));

        SampledData data = observation.getValueSampledData();
        assertThat(data.getData()).isEqualTo("97 96 E E 94");
        assertThat(data.getPeriod()).isEqualByComparingTo(new BigDecimal("1000"));
        assertThat(data.getDimensions()).isEqualTo(1);
        assertThat(data.getOrigin().getValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(data.getOrigin().getCode()).isEqualTo("%");
        assertThat(data.getOrigin().getSystem()).isEqualTo(VitalType.UCUM_SYSTEM);
        assertThat(observation.getEffectivePeriod().getStart()).isEqualTo(java.util.Date.from(START));
        assertThat(observation.getEffectivePeriod().getEnd()).isEqualTo(java.util.Date.from(START.plusSeconds(5)));
        assertThat(observation.getIdentifierFirstRep().getValue())
                .isEqualTo("ox-1.spo2.2026-03-15T08:30:00Z/PT5S");
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/pat-9");
        assertThat(observation.getDevice().getReference()).isEqualTo("Device/ox-1");
        assertThat(observation.getIssued()).isEqualTo(java.util.Date.from(START.plusMillis(5_150)));
    }

    @Test
    void theIdentityIsDeterministicPerDeviceVitalAndPeriod() {
        assertThat(mapper.mapSampled(group(VitalType.SPO2)).getIdElement().getIdPart())
                .isEqualTo(mapper.mapSampled(group(VitalType.SPO2)).getIdElement().getIdPart())
                .isNotEqualTo(mapper.mapSampled(group(VitalType.HEART_RATE)).getIdElement().getIdPart());
    }

    @Test
    void aGroupIsNotPresentedAsAVitalSignsObservation() {
        Observation observation = mapper.mapSampled(group(VitalType.HEART_RATE));

        assertThat(observation.getMeta().hasProfile()).isFalse();
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("sampled-data");
        assertThat(observation.getCode().getCoding()).noneMatch(c -> VitalType.LOINC_SYSTEM.equals(c.getSystem()));
        assertThat(mapper.mapSampled(group(VitalType.SPO2)).getCode().getCodingFirstRep().getCode())
                .isEqualTo("150456");
    }

    @Test
    void theValidatorAppliesTheProfileAVitalSignLoincCodeImpliesSoALoincCodedGroupWouldFail() {
        Observation observation = mapper.mapSampled(group(VitalType.HEART_RATE));
        observation.getCode().addCoding(new org.hl7.fhir.r4.model.Coding(VitalType.LOINC_SYSTEM, "8867-4", null));

        assertThat(validator.errors(observation)).isNotEmpty();
    }

    @Test
    void theR4ValidatorAcceptsSampledSpo2AndHeartRate() {
        assertThat(validator.errors(mapper.mapSampled(group(VitalType.SPO2)))).isEmpty();
        assertThat(validator.errors(mapper.mapSampled(group(VitalType.HEART_RATE)))).isEmpty();
    }
}
