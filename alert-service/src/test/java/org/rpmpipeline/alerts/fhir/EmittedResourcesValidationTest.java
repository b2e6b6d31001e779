package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Every kind of resource the service emits passes HAPI's validator against base R4 and the vital-signs profiles
 * its codes imply; the ones a person reads carry a narrative (dom-6), and Observations a performer.
 */
class EmittedResourcesValidationTest {
    private static final Instant T0 = Readings.MEASURED;
    private static ValidatorHolder validator;

    @BeforeAll
    static void buildValidator() {
        validator = new ValidatorHolder();
    }

    /**
     * The Observation of one reading of every single-value vital the pipeline carries (a panel is covered below),
     * consciousness at each of its ACVPU levels.
     */
    static Stream<Arguments> vitalObservations() {
        ObservationMapper observations = new ObservationMapper();
        Map<VitalType, String> values = new EnumMap<>(VitalType.class);
        values.putAll(Map.of(VitalType.SPO2, "94", VitalType.HEART_RATE, "72", VitalType.RESPIRATORY_RATE, "18",
                VitalType.SYSTOLIC_BP, "150", VitalType.DIASTOLIC_BP, "95", VitalType.MEAN_BP, "105",
                VitalType.BODY_TEMPERATURE, "37.6", VitalType.BODY_WEIGHT, "70.5", VitalType.BODY_HEIGHT, "172",
                VitalType.BMI, "23.8"));
        values.putAll(Map.of(VitalType.GLUCOSE, "90", VitalType.GLUCOSE_MOLAR, "5.2", VitalType.OXYGEN_FLOW, "2",
                VitalType.OXYGEN_CONCENTRATION, "28"));
        Stream.Builder<Arguments> out = Stream.builder();
        for (VitalType vital : VitalType.values()) {
            if (vital.isPanel()) {
                continue;
            }
            if (vital == VitalType.CONSCIOUSNESS) {
                for (int level = 0; level <= 4; level++) {
                    out.add(Arguments.of("observation consciousness " + level, observations.map(Readings.of(vital,
                            Integer.toString(level)))));
                }
                continue;
            }
            String value = values.get(vital);
            if (value == null) {
                throw new IllegalStateException("no test value for " + vital.code() + ": add one");
            }
            out.add(Arguments.of("observation " + vital.code(), observations.map(Readings.of(vital, value))));
        }
        return out.build();
    }

    static Stream<Arguments> resources() {
        return Stream.concat(vitalObservations(), otherResources());
    }

    static Stream<Arguments> otherResources() {
        ObservationMapper observations = new ObservationMapper();
        AlertResourceMapper alerts = new AlertResourceMapper();
        SampledGroup spo2 = new SampledGroup("ox-1", VitalType.SPO2, T0, Duration.ofSeconds(5), Duration.ofSeconds(1));
        spo2.add(Readings.of(VitalType.SPO2, "97"));
        SampledGroup heartRate = new SampledGroup("hr-1", VitalType.HEART_RATE, T0, Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        heartRate.add(Readings.of(VitalType.HEART_RATE, "71")); // one slot of five: the others are E
        SampledGroup respiratory = new SampledGroup("rr-1", VitalType.RESPIRATORY_RATE, T0, Duration.ofSeconds(2),
                Duration.ofSeconds(1));
        respiratory.add(Readings.of(VitalType.RESPIRATORY_RATE, "16"));
        respiratory.add(Readings.absent(VitalType.RESPIRATORY_RATE, DataAbsentReason.ERROR));
        Finding news2 = new Finding(Schema.VERSION, "f-1", "news2-aggregate", 1, Severity.HIGH, FindingStatus.ACTIVE,
                "pat-9", List.of("ox-1", "bp-1"), T0, T0, List.of(
                        new Evidence("r-1", VitalType.SPO2, new BigDecimal("91"), "%", T0),
                        new Evidence("r-2", VitalType.SYSTOLIC_BP, new BigDecimal("95"), "mm[Hg]", T0)),
                new BigDecimal("6"), "NEWS2 aggregate 6", T0, false, Map.of("trigger", "URGENT", "score.spo2", "3"));
        Finding resolved = new Finding(Schema.VERSION, "f-2", "news2-aggregate", 1, Severity.MODERATE,
                FindingStatus.RESOLVED, "pat-9", List.of("ox-1"), T0, T0.plusSeconds(600), List.of(),
                BigDecimal.ONE, "NEWS2: below triggers, aggregate 1", T0, false, Map.of("trigger", "NONE"));
        Finding incomplete = new Finding(Schema.VERSION, "f-3", "news2", 1, Severity.LOW, FindingStatus.ACTIVE,
                "pat-9", List.of("ox-1"), T0, T0, List.of(new Evidence("r-1", VitalType.SPO2, new BigDecimal("91"),
                        "%", T0)), new BigDecimal("4"), "NEWS2: aggregate at least 4", T0, false, Map.of(
                        "trigger", "INCOMPLETE", "parameters", "5 of 7", "complete", "false", "lowerBound", "true",
                        "missing", "air-or-oxygen,consciousness", "current", "true"));
        Alert acknowledged = new Alert(Schema.VERSION, "alert-2", "pat-9", "spo2-low", Severity.CRITICAL,
                AlertState.ACKNOWLEDGED, List.of("f-4"), new BigDecimal("85"), "SpO2 85 %", T0, T0.plusSeconds(60),
                "nurse-1");
        Alert open = new Alert(Schema.VERSION, "alert-1", "pat-9", "news2-aggregate", Severity.HIGH, AlertState.OPEN,
                List.of("f-1"), new BigDecimal("6"), "NEWS2 aggregate 6", T0, T0, "system");
        Alert closed = new Alert(Schema.VERSION, "alert-1", "pat-9", "news2-aggregate", Severity.HIGH,
                AlertState.RESOLVED, List.of("f-1", "f-2"), new BigDecimal("6"), "NEWS2 aggregate 6", T0,
                T0.plusSeconds(600), "system");
        List<EvidenceRef> refs = EvidenceRef.of(news2);
        return Stream.of(
                Arguments.of("observation quantity", observations.map(Readings.of(VitalType.HEART_RATE, "72"))),
                Arguments.of("observation data-absent", observations.map(Readings.absent(VitalType.SPO2,
                        DataAbsentReason.NOT_A_NUMBER))),
                Arguments.of("observation blood-pressure panel", observations.map(Readings.bloodPressure("150", "95"))),
                Arguments.of("observation blood-pressure, diastolic absent", observations.map(Readings.reading(
                        VitalType.BLOOD_PRESSURE, null, null, List.of(Component.of(VitalType.SYSTOLIC_BP,
                                new BigDecimal("150")))))),
                Arguments.of("observation systolic sent alone", observations.map(Readings.of(VitalType.SYSTOLIC_BP,
                        "150"))),
                Arguments.of("observation diastolic sent alone", observations.map(Readings.of(VitalType.DIASTOLIC_BP,
                        "95"))),
                Arguments.of("observation mean pressure sent alone", observations.map(Readings.of(VitalType.MEAN_BP,
                        "105"))),
                Arguments.of("observation glucose", observations.map(Readings.of(VitalType.GLUCOSE, "90"))),
                Arguments.of("observation sampled spo2", observations.mapSampled(spo2)),
                Arguments.of("observation sampled heart rate", observations.mapSampled(heartRate)),
                Arguments.of("observation sampled respiratory rate, an error sample", observations.mapSampled(
                        respiratory)),
                Arguments.of("observation blood-pressure, systolic absent", observations.map(Readings.reading(
                        VitalType.BLOOD_PRESSURE, null, null, List.of(new Component(VitalType.SYSTOLIC_BP, null,
                                "mm[Hg]", DataAbsentReason.ERROR), Component.of(VitalType.DIASTOLIC_BP,
                                new BigDecimal("95")))))),
                Arguments.of("observation blood-pressure with mean", observations.map(Readings.bloodPressure("150",
                        "95", "113"))),
                Arguments.of("observation consciousness absent", observations.map(Readings.absent(
                        VitalType.CONSCIOUSNESS, DataAbsentReason.UNKNOWN))),
                Arguments.of("observation evidence placeholder", refs.get(0).stub().orElseThrow().resource("pat-9")),
                Arguments.of("observation evidence placeholder, component", refs.get(1).stub().orElseThrow()
                        .resource("pat-9")),
                Arguments.of("observation evidence placeholder, group", new EvidenceStub(
                        ObservationIds.sampled("ox-1", VitalType.SPO2, T0, Duration.ofMinutes(1)), VitalType.SPO2, T0,
                        T0.plusSeconds(60)).resource("pat-9")),
                Arguments.of("patient", Participants.patientResource("pat-9")),
                Arguments.of("patient, id not a FHIR id", Participants.patientResource("pat_9:x")),
                Arguments.of("device", Participants.deviceResource("ox-1")),
                Arguments.of("detected issue open", alerts.detectedIssue(open, refs)),
                Arguments.of("detected issue resolved", alerts.detectedIssue(closed, refs)),
                Arguments.of("detected issue acknowledged", alerts.detectedIssue(acknowledged, List.of())),
                Arguments.of("risk assessment, incomplete set", alerts.riskAssessment(incomplete,
                        EvidenceRef.of(incomplete)).orElseThrow()),
                Arguments.of("device, id not a FHIR id", Participants.deviceResource("hub_7:a")),
                Arguments.of("risk assessment", alerts.riskAssessment(news2, refs).orElseThrow()),
                Arguments.of("risk assessment resolved", alerts.riskAssessment(resolved, List.of()).orElseThrow()),
                Arguments.of("communication", alerts.communication(new Notification(Schema.VERSION, "n-1", "alert-1",
                        "pat-9", "webhook", "nurse-desk", Severity.HIGH, "HIGH news2-aggregate", T0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void validatesWithoutErrors(String name, Resource resource) {
        assertThat(validator.errors(resource)).as(name).isEmpty();
    }

    /**
     * What a person reads (alerts, scores, notifications, placeholders) has a narrative; Observations, Patients
     * and Devices, structured data written at the rate readings arrive, have none by design (their only warning
     * then is dom-6). Every Observation has a performer.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void readableResourcesHaveANarrativeAndObservationsAPerformer(String name, Resource resource) {
        boolean readable = !(resource instanceof Observation || resource instanceof Patient
                || resource instanceof Device)
                || resource instanceof Observation o && o.getStatus() == Observation.ObservationStatus.REGISTERED;
        List<String> warnings = validator.warnings(resource);

        assertThat(warnings).as(name).noneMatch(w -> w.contains("performer"));
        if (readable) {
            assertThat(warnings).as(name).noneMatch(w -> w.contains("dom-6"));
            assertThat(resource.getNamedProperty("text").hasValues()).as(name).isTrue();
        } else {
            assertThat(resource.getNamedProperty("text").hasValues()).as(name).isFalse();
        }
        if (resource instanceof Observation observation) {
            assertThat(observation.getPerformerFirstRep().getReference()).as(name).isEqualTo("Patient/pat-9");
        }
    }
}
