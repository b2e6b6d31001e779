package org.rpmpipeline.sim.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.sim.scenario.Emission;
import org.rpmpipeline.sim.scenario.Fault;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.Scenarios;

class HistoryWriterTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void everySampleBecomesTheReadingTheGatewayWouldPublish() {
        Scenario demo = Scenarios.demo(1);
        List<Emission> emissions = new ArrayList<>();
        demo.emissions(RUN).forEachRemaining(emissions::add);
        Emission first = emissions.get(0);

        List<Reading> readings = HistoryReadings.of(first, START);

        assertThat(readings).hasSize(first.readings()).allSatisfy(r -> {
            assertThat(r.patientId()).isEqualTo(first.primary().patientId());
            assertThat(r.hubId()).isEqualTo(first.primary().hubId());
            assertThat(r.measuredAt()).isEqualTo(START.plus(first.primary().offset()));
            assertThat(r.receivedAt()).isEqualTo(r.measuredAt().plus(HistoryReadings.RELAY_DELAY));
            assertThat(r.readingId()).isEqualTo(Reading.idFor(r.deviceId(), r.vital(), r.measuredAt(),
                    "id=" + first.primary().sequence()));
            assertThat(r.timeSource()).isEqualTo(TimeSource.DEVICE);
        });
    }

    @Test
    void writesEveryReadingKeyedByPatientAndStampedWithItsReceiveTime() {
        MockProducer<String, Reading> producer = new MockProducer<>(true, null,
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());

        HistoryWriter.Result result = HistoryWriter.write(Scenarios.demo(1), RUN, START, producer);

        List<ProducerRecord<String, Reading>> sent = producer.history();
        assertThat(sent).hasSize((int) result.readings()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(Topics.READINGS.name());
            assertThat(r.key()).isEqualTo(r.value().patientId());
            assertThat(r.timestamp()).isEqualTo(r.value().receivedAt().toEpochMilli());
        });
        assertThat(result.patients()).isEqualTo(2);
        assertThat(result.first()).isAfterOrEqualTo(START);
        assertThat(result.last()).isBefore(START.plus(RUN).plus(HistoryReadings.RELAY_DELAY).plusMillis(1));
        assertThat(sent).anyMatch(r -> r.value().vital() == VitalType.BLOOD_PRESSURE
                && r.value().components().size() >= 2 && r.value().unit() == null);
    }

    @Test
    void aHubOfflineBurstIsReceivedWhenTheHubIsBack() {
        Scenario faulty = Scenarios.demo(1).withFaults(List.of(
                Fault.of(Fault.Type.HUB_OFFLINE, "hub-0002", Duration.ofSeconds(10), Duration.ofSeconds(30))));
        MockProducer<String, Reading> producer = new MockProducer<>(true, null,
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());

        HistoryWriter.write(faulty, RUN, START, producer);

        assertThat(producer.history()).filteredOn(r -> r.value().hubId().equals("hub-0002")
                && r.value().measuredAt().isBefore(START.plusSeconds(29))
                && r.value().measuredAt().isAfter(START.plusSeconds(10)))
                .isNotEmpty().allMatch(r -> r.value().receivedAt().equals(START.plusSeconds(31)));
    }
}
