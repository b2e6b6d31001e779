package org.rpmpipeline.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.clinical.News2Chart;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.device.DeviceKind;
import org.rpmpipeline.sim.device.Measurement;

class ScenariosTest {
    private static final String STABLE = "patient-0001";
    private static final String DETERIORATING = "patient-0002";

    @Test
    void demo_sameSeed_sameMeasurementsInSameOrder() {
        List<Measurement> first = all(Scenarios.demo(7), Duration.ofSeconds(60));
        List<Measurement> second = all(Scenarios.demo(7), Duration.ofSeconds(60));

        assertThat(first).hasSizeGreaterThan(100);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void demo_otherSeed_otherValues() {
        List<Measurement> a = all(Scenarios.demo(7), Duration.ofSeconds(60));
        List<Measurement> b = all(Scenarios.demo(8), Duration.ofSeconds(60));

        assertThat(b).hasSameSizeAs(a);
        assertThat(b.stream().map(Measurement::samples).toList())
                .isNotEqualTo(a.stream().map(Measurement::samples).toList());
    }

    @Test
    void demo_measurementsAreInScenarioTimeOrderWithinTheDuration() {
        List<Measurement> all = all(Scenarios.demo(1), Duration.ofSeconds(60));

        assertThat(all).extracting(Measurement::offset).isSorted()
                .allMatch(offset -> offset.compareTo(Duration.ofSeconds(60)) < 0);
    }

    @Test
    void demo_stablePatientStaysInNormalRangesForTheWholeRun() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Measurement> stable = all(Scenarios.demo(seed), Duration.ofMinutes(10)).stream()
                    .filter(m -> m.patientId().equals(STABLE)).toList();

            assertThat(values(stable, VitalType.SPO2)).isNotEmpty().allMatch(between(95, 99));
            assertThat(values(stable, VitalType.HEART_RATE)).isNotEmpty().allMatch(between(60, 90));
            assertThat(values(stable, VitalType.SYSTOLIC_BP)).isNotEmpty().allMatch(between(110, 140));
            assertThat(values(stable, VitalType.BODY_TEMPERATURE)).isNotEmpty().allMatch(between(36.2, 37.5));
        }
    }

    @Test
    void demo_deterioratingPatientFallsBelowSpo2Of90Within40Seconds() {
        for (long seed = 1; seed <= 20; seed++) {
            Measurement firstLow = all(Scenarios.demo(seed), Duration.ofSeconds(60)).stream()
                    .filter(m -> m.patientId().equals(DETERIORATING))
                    .filter(m -> m.valueOf(VitalType.SPO2).map(v -> v.doubleValue() < 90).orElse(false))
                    .findFirst().orElseThrow();

            assertThat(firstLow.offset()).isLessThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void demo_deterioratingPatientStartsNormalAndStaysAbnormalAfterTheDrift() {
        List<Measurement> worse = all(Scenarios.demo(3), Duration.ofSeconds(120)).stream()
                .filter(m -> m.patientId().equals(DETERIORATING)).toList();
        List<Measurement> early = worse.stream().filter(m -> m.offset().compareTo(Duration.ofSeconds(5)) < 0)
                .toList();
        List<Measurement> late = worse.stream().filter(m -> m.offset().compareTo(Duration.ofSeconds(36)) >= 0)
                .toList();

        assertThat(values(early, VitalType.SPO2)).isNotEmpty().allMatch(between(95, 99));
        assertThat(values(late, VitalType.SPO2)).isNotEmpty().allMatch(between(83, 87));
        assertThat(values(late, VitalType.HEART_RATE)).isNotEmpty().allMatch(between(125, 135));
        assertThat(values(late, VitalType.BODY_TEMPERATURE)).isNotEmpty().allMatch(between(39.0, 39.6));
        assertThat(values(late, VitalType.SYSTOLIC_BP)).isNotEmpty().allMatch(between(90, 100));
    }

    @Test
    void demo_cadencesAreTwoSecondsForOximeterAndWearableAndTenForCuffAndThermometer() {
        Map<String, List<Duration>> offsets = all(Scenarios.demo(1), Duration.ofSeconds(60)).stream()
                .collect(Collectors.groupingBy(Measurement::deviceId, TreeMap::new,
                        Collectors.mapping(Measurement::offset, Collectors.toList())));

        assertThat(offsets).containsOnlyKeys("ox-0001", "hr-0001", "bp-0001", "temp-0001", "ox-0002", "hr-0002",
                "bp-0002", "temp-0002");
        assertThat(gaps(offsets.get("ox-0001"))).containsOnly(Duration.ofSeconds(2));
        assertThat(gaps(offsets.get("hr-0002"))).containsOnly(Duration.ofSeconds(2));
        assertThat(gaps(offsets.get("bp-0001"))).containsOnly(Duration.ofSeconds(10));
        assertThat(gaps(offsets.get("temp-0002"))).containsOnly(Duration.ofSeconds(10));
    }

    @Test
    void demo_bindingsCoverEveryDeviceWithItsPatientAndKind() {
        Scenario demo = Scenarios.demo(1);

        assertThat(demo.bindings()).hasSize(8)
                .allMatch(b -> b.validFrom() == null && b.validTo() == null)
                .extracting(DeviceBinding::deviceId, DeviceBinding::patientId, DeviceBinding::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("ox-0001", STABLE, DeviceKind.PULSE_OXIMETER.code()),
                        org.assertj.core.groups.Tuple.tuple("bp-0002", DETERIORATING,
                                DeviceKind.BLOOD_PRESSURE_CUFF.code()));
        assertThat(demo.hubIds()).containsExactly("hub-0001", "hub-0002");
    }

    @Test
    void named_unknownScenario_throwsListingTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.named("nope", 1)).hasMessageContaining("nope").hasMessageContaining("demo");
    }

    @Test
    void newConfusion_theCheckInReportsAcvpuCDuringTheConditionWhileEveryOtherParameterScores0() {
        Duration run = Duration.ofMinutes(2);
        Scenario scenario = Scenarios.named("new-confusion", ScenarioOptions.of(5, run));
        String confused = patientWithProfile(scenario, "confusion");
        List<Measurement> all = all(scenario, run).stream().filter(m -> m.patientId().equals(confused)).toList();

        List<Measurement> checkIns = all.stream().filter(m -> m.kind() == DeviceKind.CHECK_IN).toList();
        assertThat(values(checkIns, VitalType.CONSCIOUSNESS)).contains(BigDecimal.ZERO, BigDecimal.ONE)
                .allMatch(v -> v.signum() == 0 || v.compareTo(BigDecimal.ONE) == 0);
        assertThat(values(checkIns, VitalType.OXYGEN_FLOW)).allMatch(v -> v.signum() == 0);
        News2Chart chart = ClinicalReference.bundled().news2();
        assertThat(values(all, VitalType.RESPIRATORY_RATE)).isNotEmpty()
                .allMatch(v -> chart.row("respiration-rate").score(v) == 0);
        assertThat(values(all, VitalType.SPO2)).allMatch(v -> chart.row("spo2-scale-1").score(v) == 0);
        assertThat(values(all, VitalType.HEART_RATE)).allMatch(v -> chart.row("pulse").score(v) == 0);
        assertThat(values(all, VitalType.SYSTOLIC_BP)).allMatch(v -> chart.row("systolic-bp").score(v) == 0);
        assertThat(values(all, VitalType.BODY_TEMPERATURE)).allMatch(v -> chart.row("temperature").score(v) == 0);
    }

    @Test
    void homeOxygen_theCheckInReports2LitresAndTheExacerbationTakesTheAggregateToTheKeyThreshold() {
        Duration run = Duration.ofMinutes(5);
        Scenario scenario = Scenarios.named("home-oxygen", ScenarioOptions.of(3, run));
        String onOxygen = patientWithProfile(scenario, "home-oxygen");
        List<Measurement> all = all(scenario, run).stream().filter(m -> m.patientId().equals(onOxygen)).toList();
        News2Chart chart = ClinicalReference.bundled().news2();

        List<Measurement> checkIns = all.stream().filter(m -> m.kind() == DeviceKind.CHECK_IN
                && m.offset().compareTo(Duration.ofSeconds(5)) > 0).toList();
        assertThat(values(checkIns, VitalType.OXYGEN_FLOW)).isNotEmpty()
                .allMatch(v -> v.compareTo(new BigDecimal("2.0")) == 0);
        // RR during the exacerbation scores 2 or 3: with oxygen (2) and SpO2 (>= 1) the aggregate reaches 5
        assertThat(values(checkIns, VitalType.RESPIRATORY_RATE)).anyMatch(v -> chart.row("respiration-rate")
                .score(v) >= 2);
        assertThat(values(all, VitalType.SPO2)).allMatch(v -> v.doubleValue() >= 90 && v.doubleValue() <= 96);
    }

    @Test
    void theCheckInHasNoBluetoothCharacteristic() {
        assertThat(DeviceKind.CHECK_IN.hasGattCharacteristic()).isFalse();
        assertThat(DeviceKind.PULSE_OXIMETER.hasGattCharacteristic()).isTrue();
    }

    private static String patientWithProfile(Scenario scenario, String profile) {
        return scenario.patients().stream().filter(p -> p.profile().equals(profile)).findFirst().orElseThrow()
                .patientId();
    }

    static List<Measurement> all(Scenario scenario, Duration duration) {
        List<Measurement> out = new ArrayList<>();
        scenario.timeline(duration).forEachRemaining(out::add);
        return out;
    }

    private static List<BigDecimal> values(List<Measurement> measurements, VitalType vital) {
        return measurements.stream().map(m -> m.valueOf(vital)).flatMap(java.util.Optional::stream).toList();
    }

    private static Predicate<BigDecimal> between(double low, double high) {
        return v -> v.doubleValue() >= low && v.doubleValue() <= high;
    }

    private static List<Duration> gaps(List<Duration> offsets) {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < offsets.size(); i++) {
            out.add(offsets.get(i).minus(offsets.get(i - 1)));
        }
        return out;
    }
}
