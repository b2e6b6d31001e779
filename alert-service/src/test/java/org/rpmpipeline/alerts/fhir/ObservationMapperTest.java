package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

class ObservationMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ValidatorHolder validator;
    private final ObservationMapper mapper = new ObservationMapper();

    @BeforeAll
    static void buildValidator() {
        validator = new ValidatorHolder();
    }

    static Stream<Arguments> goldenReadings() {
        return Stream.of(
                Arguments.of("spo2", Readings.of(VitalType.SPO2, "94")),
                Arguments.of("heart-rate", Readings.of(VitalType.HEART_RATE, "72")),
                Arguments.of("blood-pressure", Readings.bloodPressure("138", "88")),
                Arguments.of("body-temperature", Readings.of(VitalType.BODY_TEMPERATURE, "37.60")),
                Arguments.of("body-weight", Readings.of(VitalType.BODY_WEIGHT, "70.000")),
                Arguments.of("glucose", Readings.of(VitalType.GLUCOSE, "90")),
                Arguments.of("spo2-absent", Readings.absent(VitalType.SPO2, DataAbsentReason.NOT_A_NUMBER)),
                Arguments.of("spo2-critical-low", Readings.of(VitalType.SPO2, "89")),
                Arguments.of("heart-rate-high", Readings.of(VitalType.HEART_RATE, "112")),
                Arguments.of("blood-pressure-crisis", Readings.bloodPressure("185", "95")),
                Arguments.of("glucose-low", Readings.of(VitalType.GLUCOSE, "62")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenReadings")
    void mapsReadingToTheGoldenObservation(String name, Reading reading) throws IOException {
        String json = Fhir.toJson(mapper.map(reading));

        assertThat(JSON.readTree(json)).isEqualTo(golden(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenReadings")
    void producesObservationsTheR4ValidatorAccepts(String name, Reading reading) {
        Observation observation = mapper.map(reading);

        assertThat(validator.errors(observation)).as(name).isEmpty();
    }

    @Test
    void everyVitalTypeValidates() {
        for (VitalType vital : VitalType.values()) {
            Reading reading = vital.isPanel() ? Readings.bloodPressure("120", "80")
                    : Readings.of(vital, vital == VitalType.CONSCIOUSNESS ? "1" : "42");
            assertThat(validator.errors(mapper.map(reading))).as(vital.code()).isEmpty();
        }
    }

    @Test
    void consciousnessIsTheAcvpuScaleScoreWithItsSnomedFinding() {
        Observation observation = mapper.map(Readings.of(VitalType.CONSCIOUSNESS, "1"));

        assertThat(observation.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("http://snomed.info/sct|1104441000000107", "http://loinc.org|67775-7");
        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey");
        assertThat(observation.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("130987000");
        assertThat(observation.getValueCodeableConcept().getText()).isEqualTo("C");
        assertThat(observation.getMeta().getProfile()).isEmpty();
        assertThat(validator.errors(observation)).isEmpty();
    }

    @Test
    void inhaledOxygenIsAQuantityWithItsLoincCode() {
        Observation flow = mapper.map(Readings.of(VitalType.OXYGEN_FLOW, "2"));
        Observation fio2 = mapper.map(Readings.of(VitalType.OXYGEN_CONCENTRATION, "28"));

        assertThat(flow.getCode().getCodingFirstRep().getCode()).isEqualTo("3151-8");
        assertThat(flow.getValueQuantity().getCode()).isEqualTo("L/min");
        assertThat(fio2.getCode().getCodingFirstRep().getCode()).isEqualTo("3150-0");
        assertThat(fio2.getValueQuantity().getCode()).isEqualTo("%");
        assertThat(validator.errors(flow)).isEmpty();
        assertThat(validator.errors(fio2)).isEmpty();
    }

    @Test
    void validatorRejectsAHeartRateInTheWrongUnit() {
        Observation observation = mapper.map(Readings.of(VitalType.HEART_RATE, "72"));
        observation.getValueQuantity().setCode("kg").setUnit("kg");

        assertThat(validator.errors(observation)).isNotEmpty();
    }

    @Test
    void spo2CarriesBothOxygenSaturationCodes() {
        Observation observation = mapper.map(Readings.of(VitalType.SPO2, "91"));

        assertThat(observation.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("http://loinc.org|2708-6", "http://loinc.org|59408-5");
    }

    @Test
    void keepsTheDevicePrecisionOfTheValue() {
        Observation observation = mapper.map(Readings.of(VitalType.BODY_TEMPERATURE, "37.60"));

        assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("37.6");
        assertThat(Fhir.toJson(observation)).contains("\"value\":37.60");
    }

    @Test
    void bloodPressureWithoutDiastolicRecordsItAsAbsentRatherThanInventingIt() {
        Reading reading = Readings.reading(VitalType.BLOOD_PRESSURE, null, null,
                List.of(Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("150"))));

        Observation observation = mapper.map(reading);

        assertThat(observation.getComponent()).hasSize(2);
        assertThat(observation.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertThat(observation.getComponent().get(1).hasValue()).isFalse();
        assertThat(observation.getComponent().get(1).getDataAbsentReason().getCodingFirstRep().getCode())
                .isEqualTo("unknown");
        assertThat(validator.errors(observation)).isEmpty();
    }

    @Test
    void bloodPressureCarriesMeanPressureWhenMeasured() {
        Reading reading = Readings.reading(VitalType.BLOOD_PRESSURE, null, null, List.of(
                Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("138")),
                Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("88")),
                Component.of(VitalType.MEAN_BP, new BigDecimal("105"))));

        Observation observation = mapper.map(reading);

        assertThat(observation.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactly("8480-6", "8462-4", "8478-0");
        assertThat(((Quantity) observation.getComponent().get(2).getValue()).getCode()).isEqualTo("mm[Hg]");
        assertThat(validator.errors(observation)).isEmpty();
    }

    @Test
    void identifierIsDeterministicFromDeviceVitalAndMeasurementTime() {
        Reading first = Readings.of(VitalType.HEART_RATE, "72");
        Reading replay = Readings.of(VitalType.HEART_RATE, "73");

        Observation a = mapper.map(first);
        Observation b = mapper.map(replay);

        assertThat(a.getIdentifierFirstRep().getValue()).isEqualTo("dev-heart-rate.heart-rate.2026-03-15T08:30:00Z")
                .isEqualTo(b.getIdentifierFirstRep().getValue());
        assertThat(a.getIdPart()).isEqualTo(b.getIdPart()).hasSize(36);
        assertThat(ObservationIds.of("dev-heart-rate", VitalType.HEART_RATE, Instant.parse("2026-03-15T08:31:00Z"))
                .resourceId()).isNotEqualTo(a.getIdPart());
    }

    static Stream<Arguments> interpretations() {
        return Stream.of(
                Arguments.of(VitalType.SPO2, "96", "N"), Arguments.of(VitalType.SPO2, "95", "L"),
                Arguments.of(VitalType.SPO2, "92", "L"), Arguments.of(VitalType.SPO2, "91", "LL"),
                Arguments.of(VitalType.HEART_RATE, "51", "N"), Arguments.of(VitalType.HEART_RATE, "90", "N"),
                Arguments.of(VitalType.HEART_RATE, "91", "H"), Arguments.of(VitalType.HEART_RATE, "131", "HH"),
                Arguments.of(VitalType.HEART_RATE, "50", "L"), Arguments.of(VitalType.HEART_RATE, "40", "LL"),
                Arguments.of(VitalType.RESPIRATORY_RATE, "25", "HH"),
                Arguments.of(VitalType.BODY_TEMPERATURE, "38.1", "H"),
                Arguments.of(VitalType.BODY_TEMPERATURE, "35.0", "LL"),
                Arguments.of(VitalType.GLUCOSE, "53", "LL"), Arguments.of(VitalType.GLUCOSE, "251", "HH"),
                Arguments.of(VitalType.GLUCOSE_MOLAR, "5.5", "N"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("interpretations")
    void interpretsTheValueAgainstItsReferenceRange(VitalType vital, String value, String code) {
        Observation observation = mapper.map(Readings.of(vital, value));

        assertThat(observation.getInterpretation()).singleElement().satisfies(i -> {
            assertThat(i.getCodingFirstRep().getSystem())
                    .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
            assertThat(i.getCodingFirstRep().getCode()).isEqualTo(code);
        });
        assertThat(observation.getReferenceRange()).isNotEmpty();
    }

    @Test
    void interpretedObservationsValidate() {
        for (Arguments args : interpretations().toList()) {
            Observation observation = mapper.map(Readings.of((VitalType) args.get()[0], (String) args.get()[1]));
            assertThat(validator.errors(observation)).as(args.get()[0] + " " + args.get()[1]).isEmpty();
        }
    }

    @Test
    void weightAndDataAbsentReadingsAndAMapperWithoutRangesCarryNoInterpretation() {
        assertThat(mapper.map(Readings.of(VitalType.BODY_WEIGHT, "70")).hasInterpretation()).isFalse();
        assertThat(mapper.map(Readings.absent(VitalType.SPO2, DataAbsentReason.NOT_A_NUMBER)).hasInterpretation())
                .isFalse();
        Observation plain = new ObservationMapper(ReferenceRanges.none()).map(Readings.of(VitalType.SPO2, "80"));
        assertThat(plain.hasInterpretation()).isFalse();
        assertThat(plain.hasReferenceRange()).isFalse();
    }

    @Test
    void bloodPressureIsInterpretedPerComponent() {
        Observation observation = mapper.map(Readings.bloodPressure("185", "95"));

        assertThat(observation.hasInterpretation()).isFalse();
        assertThat(observation.getComponent()).extracting(c -> c.getInterpretationFirstRep().getCodingFirstRep()
                .getCode()).containsExactly("HH", "H");
        assertThat(observation.getComponentFirstRep().getReferenceRange()).extracting(r -> r.getHigh().getValue()
                .toPlainString()).containsExactly("139", "180");
    }

    @Test
    void leavesOutTheGatewayExtensionWhenNoHubRelayed() {
        Reading direct = new Reading(1, "r-1", "pat-9", "dev-1", null, VitalType.HEART_RATE, new BigDecimal("60"),
                "/min", null, null, Readings.MEASURED, Readings.RECEIVED, null, null, null);

        Observation observation = mapper.map(direct);

        assertThat(observation.getExtension()).isEmpty();
        assertThat(validator.errors(observation)).isEmpty();
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = ObservationMapperTest.class.getResourceAsStream("/golden/observation-" + name
                + ".json")) {
            assertThat(in).as("golden file for " + name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
