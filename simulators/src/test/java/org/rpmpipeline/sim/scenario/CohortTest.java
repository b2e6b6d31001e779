package org.rpmpipeline.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.patient.Profile;
import org.rpmpipeline.sim.patient.VirtualPatient;

class CohortTest {

    @Test
    void parseMix_readsProfileFractions() {
        assertThat(Cohort.parseMix("copd:0.2, hf:0.3")).containsExactly(Map.entry(Profile.COPD, 0.2),
                Map.entry(Profile.HEART_FAILURE, 0.3));
        assertThat(Cohort.parseMix("")).isEmpty();
        assertThatThrownBy(() -> Cohort.parseMix("copd=0.2")).hasMessageContaining("profile:fraction");
        assertThatThrownBy(() -> Cohort.parseMix("asthma:0.2")).hasMessageContaining("asthma");
    }

    @Test
    void scenario_followsTheMixWithStablePatientsForTheRest() {
        Scenario s = new Cohort(3, 1000, Cohort.parseMix("copd:0.2,hf:0.3"), Cadence.REALISTIC, 0,
                Duration.ofDays(3)).scenario("cohort");

        Map<String, Long> byProfile = s.patients().stream()
                .collect(Collectors.groupingBy(VirtualPatient::profile, Collectors.counting()));
        assertThat(byProfile).containsEntry("copd", 200L).containsEntry("hf", 300L).containsEntry("stable", 500L);
        assertThat(s.bindings()).hasSize(s.deviceCount());
        assertThat(s.patients().get(0).patientId()).isEqualTo("patient-00001");
    }

    @Test
    void scenario_withARate_spreadsTheDevicesEvenlyAtTheTotalRate() {
        Scenario s = new Cohort(3, 250, Map.of(), Cadence.REALISTIC, 500, Duration.ofSeconds(10))
                .scenario("load");
        List<Measurement> all = new ArrayList<>();
        s.timeline(Duration.ofSeconds(10)).forEachRemaining(all::add);

        assertThat(s.deviceCount()).isEqualTo(1000);
        assertThat(all).hasSizeBetween(4900, 5100);
        long firstSecond = all.stream().filter(m -> m.offset().compareTo(Duration.ofSeconds(1)) < 0).count();
        assertThat(firstSecond).isBetween(450L, 550L);
    }

    @Test
    void scenario_sameSeed_sameCohortAndReadings() {
        Cohort cohort = new Cohort(11, 50, Cohort.parseMix("diabetes:0.5"), Cadence.REALISTIC, 0,
                Duration.ofDays(2));
        List<Measurement> a = new ArrayList<>();
        List<Measurement> b = new ArrayList<>();
        cohort.scenario("x").timeline(Duration.ofDays(2)).forEachRemaining(a::add);
        cohort.scenario("x").timeline(Duration.ofDays(2)).forEachRemaining(b::add);

        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void scenario_sameSeed_sameCohortWhateverOrderTheMixIsGivenIn() {
        java.util.LinkedHashMap<Profile, Double> hfFirst = new java.util.LinkedHashMap<>();
        hfFirst.put(Profile.HEART_FAILURE, 0.3);
        hfFirst.put(Profile.COPD, 0.2);
        java.util.LinkedHashMap<Profile, Double> copdFirst = new java.util.LinkedHashMap<>();
        copdFirst.put(Profile.COPD, 0.2);
        copdFirst.put(Profile.HEART_FAILURE, 0.3);

        List<String> a = new Cohort(4, 40, hfFirst, Cadence.REALISTIC, 0, Duration.ofDays(1)).generate().stream()
                .map(p -> p.patientId() + ":" + p.profile()).toList();
        List<String> b = new Cohort(4, 40, copdFirst, Cadence.REALISTIC, 0, Duration.ofDays(1)).generate().stream()
                .map(p -> p.patientId() + ":" + p.profile()).toList();

        assertThat(a).isEqualTo(b);
    }

    @Test
    void realisticCadence_stablePatientsHaveADailyRhythmButStayInRange() {
        Scenario s = new Cohort(5, 20, Map.of(), Cadence.REALISTIC, 0, Duration.ofDays(2)).scenario("stable");
        var hr = s.patients().get(0).physiology().model(org.rpmpipeline.contract.vital.VitalType.HEART_RATE);
        List<Measurement> all = new ArrayList<>();
        s.timeline(Duration.ofDays(2)).forEachRemaining(all::add);

        assertThat(hr.expected(Duration.ofHours(16))).isGreaterThan(hr.expected(Duration.ofHours(4)) + 5);
        assertThat(all).isNotEmpty().allSatisfy(m -> {
            m.valueOf(org.rpmpipeline.contract.vital.VitalType.HEART_RATE)
                    .ifPresent(v -> assertThat(v.intValue()).isBetween(60, 90));
            m.valueOf(org.rpmpipeline.contract.vital.VitalType.SPO2)
                    .ifPresent(v -> assertThat(v.intValue()).isBetween(95, 99));
            m.valueOf(org.rpmpipeline.contract.vital.VitalType.SYSTOLIC_BP)
                    .ifPresent(v -> assertThat(v.intValue()).isBetween(110, 140));
        });
    }

    @Test
    void realisticCadence_bloodPressureTwiceADayAndWeightEachMorning() {
        Scenario s = new Cohort(5, 10, Map.of(Profile.HEART_FAILURE, 1.0), Cadence.REALISTIC, 0,
                Duration.ofDays(3)).scenario("hf");
        List<Measurement> all = new ArrayList<>();
        s.timeline(Duration.ofDays(3)).forEachRemaining(all::add);

        Map<String, Long> perDevice = all.stream().collect(Collectors.groupingBy(Measurement::deviceId,
                Collectors.counting()));
        assertThat(perDevice).containsEntry("bp-00001", 6L).containsEntry("wt-00001", 3L);
        assertThat(all).filteredOn(m -> m.deviceId().startsWith("wt-"))
                .allMatch(m -> (m.offset().toHours() % 24) == 7);
    }
}
