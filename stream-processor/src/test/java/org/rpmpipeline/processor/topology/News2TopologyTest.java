package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/** NEWS2 with all seven parameters, the home-oxygen setting and glucose through the production topology. */
class News2TopologyTest {
    private static final Instant T0 = TopologyDriver.NOW.minus(Duration.ofMinutes(30));

    private final TopologyDriver driver = new TopologyDriver(RuleSetLoader.loadDefault());

    @AfterEach
    void close() {
        driver.close();
    }

    private static Reading reading(String patient, VitalType vital, String value, Instant at) {
        return Readings.of(patient, "hub-" + patient, vital, value, at);
    }

    private static Reading bloodPressure(String patient, String systolic, Instant at) {
        return new Reading(Schema.VERSION, Reading.idFor("bp-" + patient, VitalType.BLOOD_PRESSURE, at, systolic),
                patient, "bp-" + patient, null, VitalType.BLOOD_PRESSURE, null, null, null,
                List.of(Component.of(VitalType.SYSTOLIC_BP, new BigDecimal(systolic)),
                        Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("70"))), at, at, null, null, null);
    }

    private static List<Reading> burst(String patient) {
        return List.of(reading(patient, VitalType.RESPIRATORY_RATE, "23", T0),
                reading(patient, VitalType.SPO2, "93", T0.plusSeconds(2)),
                reading(patient, VitalType.OXYGEN_FLOW, "2", T0.plusSeconds(4)),
                bloodPressure(patient, "98", T0.plusSeconds(6)),
                reading(patient, VitalType.HEART_RATE, "118", T0.plusSeconds(8)),
                reading(patient, VitalType.CONSCIOUSNESS, "1", T0.plusSeconds(10)),
                reading(patient, VitalType.BODY_TEMPERATURE, "38.4", T0.plusSeconds(12)));
    }

    @Test
    void aBurstEndsWithTheSameNews2FindingInEveryArrivalOrder() {
        List<List<Reading>> orders = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 24; i++) {
            List<Reading> order = new ArrayList<>(burst("pat-" + i));
            if (i == 1) {
                Collections.reverse(order);
            } else if (i > 1) {
                Collections.shuffle(order, random);
            }
            orders.add(order);
        }
        orders.forEach(order -> order.forEach(driver::pipe));

        List<Finding> news2 = driver.findings("news2");
        Set<String> lastSummaries = new HashSet<>();
        Set<Integer> lastScores = new HashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            String patient = "pat-" + i;
            Finding last = news2.stream().filter(f -> f.patientId().equals(patient)).reduce((a, b) -> b).orElseThrow();
            lastSummaries.add(last.summary());
            lastScores.add(last.computedValue().intValue());
            assertThat(last.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(last.details()).containsEntry("parameters", "7 of 7").containsEntry("score.consciousness", "3");
        }
        // 2 + 2 + 2 + 2 + 2 + 3 + 1
        assertThat(lastScores).containsExactly(14);
        assertThat(lastSummaries).singleElement().asString().startsWith("NEWS2 early warning score: aggregate 14");
        assertThat(news2).extracting(Finding::findingId).doesNotHaveDuplicates();
    }

    @Test
    void aHomeOxygenPrescriptionWrittenToTheSettingsTopicScoresAirOrOxygenAndScale2() {
        driver.patientThresholds.pipeInput("pat-1", new PatientThresholds(Schema.VERSION, "pat-1", 1,
                T0.minusSeconds(60), 2, null, "clinician-1", "COPD on home oxygen", new BigDecimal("2")), T0);

        driver.pipe(reading("pat-1", VitalType.SPO2, "97", T0));

        assertThat(driver.findings("news2")).singleElement().satisfies(f -> {
            assertThat(f.computedValue()).isEqualByComparingTo("5");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.details()).containsEntry("scale", "2").containsEntry("oxygenSource", "setting")
                    .containsEntry("overrideVersion", "1").containsEntry("score.air-or-oxygen", "2");
        });
    }

    @Test
    void glucoseFromAMeterAlertsButAControlSolutionTestDoesNot() {
        driver.pipe(Readings.qualified(reading("pat-1", VitalType.GLUCOSE, "40", T0),
                Map.of(GattQualifiers.GLUCOSE_CONTROL_SOLUTION, "true")));
        assertThat(driver.findings.readValuesToList()).isEmpty();

        driver.pipe(reading("pat-2", VitalType.GLUCOSE_MOLAR, "2.8", T0));

        assertThat(driver.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("glucose-molar-low");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
        });
    }
}
