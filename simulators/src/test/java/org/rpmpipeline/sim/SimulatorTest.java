package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.device.VitalMessage;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.sim.mqtt.RecordingHubLink;
import org.rpmpipeline.sim.scenario.Scenarios;

@Timeout(30)
class SimulatorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");

    @Test
    void run_publishesEveryMeasurementWithHubPropertiesAndCountsTheAcks() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        List<Publication> acked = new CopyOnWriteArrayList<>();
        SimulatorConfig config = config("60s", "1000");
        int expected = count(config);

        try (Simulator simulator = Simulator.builder(config).link(link)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .listener(new SimulatorListener() {
                    @Override
                    public void acknowledged(Publication publication) {
                        acked.add(publication);
                    }
                }).build()) {
            simulator.start();

            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            SimulatorStats stats = simulator.stats();
            assertThat(stats.published()).isEqualTo(expected);
            assertThat(stats.acknowledged()).isEqualTo(expected);
            assertThat(stats.failed()).isZero();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.byPatient()).containsOnlyKeys("patient-0001", "patient-0002");
            assertThat(stats.byPatient().get("patient-0002").profile()).isEqualTo("deteriorating");
            assertThat(stats.byPatient().values().stream().mapToLong(SimulatorStats.PatientStats::published).sum())
                    .isEqualTo(expected);
        }

        assertThat(link.closed).isTrue();
        assertThat(link.connectedHubs).containsExactly("hub-0001", "hub-0002");
        assertThat(link.sent).hasSize(expected);
        assertThat(acked).hasSize(expected);
        RecordingHubLink.Sent first = link.sent.get(0);
        assertThat(first.message().topic()).isEqualTo(MqttTopics.vitals("ox-0001"));
        assertThat(first.hubId()).isEqualTo("hub-0001");
        assertThat(first.message().userProperty(UserProperties.HUB_ID)).isEqualTo("hub-0001");
        assertThat(first.message().userProperty(UserProperties.RELAY_RECEIVED_AT)).isEqualTo(NOW.toString());
        assertThat(link.sent).extracting(s -> s.message().userProperty(UserProperties.CORRELATION_ID))
                .doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void run_fasterThanRealTime_isBackdatedSoNoMeasurementLiesInTheFuture() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        try (Simulator simulator = Simulator.builder(config("60s", "1000")).link(link)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
        }

        List<Instant> measured = link.sent.stream().map(s -> measuredAt(s.message().payload())).toList();
        assertThat(measured).allMatch(at -> !at.isAfter(NOW));
        assertThat(measured.get(0)).isEqualTo(NOW.minus(Duration.ofMillis(59_940)).plusSeconds(1));
    }

    @Test
    void run_refusedPublishes_areCountedAsFailedAndReported() throws Exception {
        RecordingHubLink link = new RecordingHubLink(m -> m.topic().contains("bp-0001"));
        AtomicInteger failures = new AtomicInteger();
        try (Simulator simulator = Simulator.builder(config("60s", "1000")).link(link)
                .listener(new SimulatorListener() {
                    @Override
                    public void failed(Publication publication, Throwable cause) {
                        failures.incrementAndGet();
                    }
                }).build()) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();

            SimulatorStats stats = simulator.stats();
            assertThat(stats.failed()).isEqualTo(6).isEqualTo(failures.get());
            assertThat(stats.byPatient().get("patient-0001").failed()).isEqualTo(6);
            assertThat(stats.byPatient().get("patient-0002").failed()).isZero();
            assertThat(stats.acknowledged()).isEqualTo(stats.published() - 6);
        }
    }

    @Test
    void close_beforeTheEnd_stopsPublishingAndCompletes() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        Simulator simulator = Simulator.builder(config("1h", "1")).link(link).build();
        simulator.start();

        simulator.close();
        int sentAtClose = link.sent.size();

        assertThat(simulator.isDone()).isTrue();
        assertThat(simulator.awaitCompletion(Duration.ZERO)).isTrue();
        assertThat(link.closed).isTrue();
        assertThat(sentAtClose).isLessThan(10);
        assertThat(link.sent).hasSize(sentAtClose);
        simulator.close();
    }

    @Test
    void run_bleEncoding_publishesCharacteristicBytesThatDecode() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("rpm.sim.duration", "30s",
                "rpm.sim.speed", "1000", "rpm.sim.encoding", "ble")));
        try (Simulator simulator = Simulator.builder(config).link(link).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(simulator.stats().acknowledged()).isEqualTo(link.sent.size());
        }

        assertThat(link.sent).isNotEmpty().allSatisfy(sent -> {
            var address = MqttTopics.parse(sent.message().topic()).orElseThrow();
            assertThat(address.kind()).isEqualTo(org.rpmpipeline.contract.device.MqttAddress.Kind.BLE);
            assertThat(sent.message().utf8()).isFalse();
            assertThat(sent.message().userProperty(UserProperties.TZ_OFFSET)).isEqualTo("+00:00");
            assertThat(org.rpmpipeline.ble.GattCodec.decode(address.uuid16(), sent.message().payload()))
                    .isInstanceOf(org.rpmpipeline.ble.GattDecoded.class);
        });
        assertThat(link.sent).extracting(s -> s.message().topic())
                .contains("rpm/v1/ox-0001/ble/2a5e", "rpm/v1/hr-0001/ble/2a37", "rpm/v1/bp-0002/ble/2a35",
                        "rpm/v1/temp-0002/ble/2a1c");
    }

    @Test
    void run_bleEncoding_sendsTheCheckInAsJsonBecauseItHasNoCharacteristic() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        SimulatorConfig config = SimulatorConfig.from(Settings.of(Map.of("rpm.sim.duration", "60s",
                "rpm.sim.speed", "1000", "rpm.sim.encoding", "ble", "rpm.sim.scenario", "new-confusion")));
        try (Simulator simulator = Simulator.builder(config).link(link).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(simulator.stats().acknowledged()).isEqualTo(link.sent.size());
        }

        List<RecordingHubLink.Sent> checkIns = link.sent.stream()
                .filter(s -> s.message().topic().startsWith("rpm/v1/obs-")).toList();
        assertThat(checkIns).isNotEmpty().allSatisfy(sent -> {
            assertThat(sent.message().topic()).endsWith("/vitals");
            assertThat(sent.message().utf8()).isTrue();
            VitalMessage[] items = Json.mapper().readValue(sent.message().payload(), VitalMessage[].class);
            assertThat(items).extracting(VitalMessage::vital)
                    .containsExactly("consciousness", "respiratory-rate", "oxygen-flow");
            assertThat(items[0].unit()).isEqualTo("{ACVPU}");
        });
        assertThat(link.sent).anySatisfy(s -> assertThat(s.message().topic()).contains("/ble/2a5e"));
    }

    @Test
    void run_faults_hostileBurstAndDuplicatesAreCountedPerMqttMessage() throws Exception {
        RecordingHubLink link = new RecordingHubLink();
        SimulatorConfig config = config("60s", "1000");
        org.rpmpipeline.sim.scenario.Scenario scenario = Scenarios.demo(1).withFaults(List.of(
                new org.rpmpipeline.sim.scenario.Fault(org.rpmpipeline.sim.scenario.Fault.Type.MALFORMED, "hr-0001",
                        null, null, 1, null, org.rpmpipeline.sim.device.Hostile.TRUNCATED_GATT),
                new org.rpmpipeline.sim.scenario.Fault(org.rpmpipeline.sim.scenario.Fault.Type.DUPLICATE, "ox-0001",
                        null, null, 1, null, null)));
        try (Simulator simulator = Simulator.builder(config).link(link).scenario(scenario).build()) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            SimulatorStats stats = simulator.stats();

            assertThat(stats.hostile()).isEqualTo(30);
            assertThat(stats.published()).isEqualTo(link.sent.size()).isEqualTo(count(config) + 30);
        }
        assertThat(link.sent).filteredOn(s -> s.message().topic().startsWith("rpm/v1/hr-0001/"))
                .hasSize(30).allSatisfy(s -> assertThat(org.rpmpipeline.ble.GattCodec.decode(0x2a37,
                        s.message().payload())).isInstanceOf(org.rpmpipeline.ble.GattRejected.class));
        assertThat(link.sent).filteredOn(s -> s.message().topic().startsWith("rpm/v1/ox-0001/"))
                .extracting(s -> s.message().userProperty(UserProperties.CORRELATION_ID))
                .hasSize(60).doesNotContainNull().satisfies(ids -> assertThat(new java.util.HashSet<>(ids)).hasSize(30));
    }

    private static SimulatorConfig config(String duration, String speed) {
        return SimulatorConfig.from(Settings.of(Map.of("rpm.sim.duration", duration, "rpm.sim.speed", speed)));
    }

    private static int count(SimulatorConfig config) {
        AtomicInteger n = new AtomicInteger();
        Scenarios.named(config.scenario(), config.seed()).timeline(config.duration())
                .forEachRemaining(m -> n.incrementAndGet());
        return n.get();
    }

    private static Instant measuredAt(byte[] payload) {
        try {
            var node = Json.mapper().readTree(payload);
            var first = node.isArray() ? node.get(0) : node;
            return Json.mapper().treeToValue(first, VitalMessage.class).measuredAt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
