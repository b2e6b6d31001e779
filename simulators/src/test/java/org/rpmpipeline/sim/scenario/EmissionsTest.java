package org.rpmpipeline.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.Measurement;

class EmissionsTest {
    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void noFaults_oneEmissionPerMeasurementAtItsTime() {
        Scenario demo = Scenarios.demo(1);

        List<Emission> emissions = all(demo);

        assertThat(emissions).hasSize(ScenariosTest.all(demo, RUN).size())
                .allMatch(e -> e.measurements().size() == 1 && e.copies() == 1 && e.hostile() == null
                        && e.dueMillis() == e.primary().offset().toMillis());
    }

    @Test
    void deviceSilent_dropsTheDevicesMeasurementsInsideTheWindowOnly() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                Fault.of(Fault.Type.DEVICE_SILENT, "ox-0001", Duration.ofSeconds(10), Duration.ofSeconds(20))));

        List<Emission> ox = all(s).stream().filter(e -> e.primary().deviceId().equals("ox-0001")).toList();

        assertThat(ox).extracting(e -> e.primary().offset().toSeconds())
                .doesNotContain(11L, 13L, 15L, 17L, 19L).contains(9L, 21L);
    }

    @Test
    void hubOffline_holdsTheReadingsAndSendsThemAsOneBurstPerDeviceWhenBack() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                Fault.of(Fault.Type.HUB_OFFLINE, "hub-0002", Duration.ofSeconds(10), Duration.ofSeconds(30))));

        List<Emission> emissions = all(s);
        List<Emission> burst = emissions.stream().filter(e -> e.measurements().size() > 1).toList();

        assertThat(burst).extracting(e -> e.primary().deviceId())
                .containsExactlyInAnyOrder("ox-0002", "hr-0002", "bp-0002", "temp-0002");
        assertThat(burst).allMatch(e -> e.dueMillis() == 30_000);
        Emission ox = burst.stream().filter(e -> e.primary().deviceId().equals("ox-0002")).findFirst()
                .orElseThrow();
        assertThat(ox.measurements()).hasSize(10).extracting(Measurement::offset).isSorted()
                .allMatch(o -> o.compareTo(Duration.ofSeconds(10)) >= 0 && o.compareTo(Duration.ofSeconds(30)) < 0);
        assertThat(emissions).extracting(Emission::dueMillis).isSorted();
        assertThat(emissions.stream().filter(e -> e.primary().hubId().equals("hub-0002"))
                .filter(e -> e.dueMillis() >= 10_000 && e.dueMillis() < 30_000)).isEmpty();
    }

    @Test
    void hubOffline_longOutage_isSentInChunksOfAtMostMaxBurst() {
        Scenario s = new Cohort(1, 1, java.util.Map.of(org.rpmpipeline.sim.patient.Profile.COPD, 1.0),
                org.rpmpipeline.sim.device.Cadence.COMPRESSED, 0, Duration.ofMinutes(10)).scenario("copd")
                .withFaults(List.of(Fault.of(Fault.Type.HUB_OFFLINE, "hub-00001", Duration.ZERO,
                        Duration.ofMinutes(9))));
        List<Emission> all = new ArrayList<>();
        s.emissions(Duration.ofMinutes(10)).forEachRemaining(all::add);

        List<Emission> cox = all.stream().filter(e -> e.primary().deviceId().equals("cox-00001"))
                .filter(e -> e.dueMillis() == Duration.ofMinutes(9).toMillis()).toList();
        assertThat(cox).hasSize(3).allMatch(e -> e.measurements().size() <= Emissions.MAX_BURST);
        assertThat(cox.stream().mapToInt(e -> e.measurements().size()).sum()).isEqualTo(540);
    }

    @Test
    void duplicate_publishesEveryNthMeasurementTwice() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                new Fault(Fault.Type.DUPLICATE, "ox-0001", null, null, 3, null, null)));

        List<Emission> ox = all(s).stream().filter(e -> e.primary().deviceId().equals("ox-0001")).toList();

        assertThat(ox).filteredOn(e -> e.copies() == 2).hasSize(ox.size() / 3);
    }

    @Test
    void storedReplay_resendsThePreviousRecordsWithTheNewOne() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                new Fault(Fault.Type.STORED_REPLAY, "bp-0001", Duration.ofSeconds(20), null, 2, null, null)));

        Emission at33 = all(s).stream().filter(e -> e.primary().deviceId().equals("bp-0001"))
                .filter(e -> e.primary().offset().equals(Duration.ofSeconds(33))).findFirst().orElseThrow();

        assertThat(at33.measurements()).extracting(Measurement::sequence).containsExactly(2L, 3L, 4L);
        assertThat(at33.readings()).isEqualTo(3);
    }

    @Test
    void clockFaults_markTheEmissions() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                Fault.of(Fault.Type.CLOCK_UNSET, "temp-0001", null, null),
                new Fault(Fault.Type.CLOCK_SKEW, "temp-0002", null, null, 1, Duration.ofHours(2), null)));

        List<Emission> all = all(s);

        assertThat(all).filteredOn(e -> e.primary().deviceId().equals("temp-0001")).isNotEmpty()
                .allMatch(Emission::clockUnset);
        assertThat(all).filteredOn(e -> e.primary().deviceId().equals("temp-0002")).isNotEmpty()
                .allMatch(e -> e.clockSkew().equals(Duration.ofHours(2)));
        assertThat(all).filteredOn(e -> e.primary().deviceId().equals("ox-0001"))
                .allMatch(e -> !e.clockUnset() && e.clockSkew().isZero());
    }

    @Test
    void malformed_replacesEveryNthMeasurementByTheHostilePayload() {
        Scenario s = Scenarios.demo(1).withFaults(List.of(
                new Fault(Fault.Type.MALFORMED, "hr-0001", null, null, 5, null, Hostile.TRUNCATED)));

        List<Emission> hr = all(s).stream().filter(e -> e.primary().deviceId().equals("hr-0001")).toList();

        assertThat(hr).filteredOn(e -> e.hostile() == Hostile.TRUNCATED).hasSize(hr.size() / 5)
                .allMatch(e -> e.readings() == 0);
    }

    @Test
    void faultScenarios_areDeterministic() {
        for (String name : List.of("hub-offline", "duplicates", "malformed", "stored-replay", "clock-skew")) {
            ScenarioOptions options = ScenarioOptions.of(9, Duration.ofMinutes(5));
            List<Emission> a = new ArrayList<>();
            List<Emission> b = new ArrayList<>();
            Scenarios.named(name, options).emissions(options.duration()).forEachRemaining(a::add);
            Scenarios.named(name, options).emissions(options.duration()).forEachRemaining(b::add);

            assertThat(a).as(name).isNotEmpty().isEqualTo(b);
        }
    }

    private static List<Emission> all(Scenario scenario) {
        List<Emission> out = new ArrayList<>();
        scenario.emissions(RUN).forEachRemaining(out::add);
        return out;
    }
}
