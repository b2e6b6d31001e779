package org.rpmpipeline.alerts.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.SampledDataSettings;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.MutableClock;

class ReadingHandlerSampledTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:30:00Z");
    private static final TopicPartition PARTITION = new TopicPartition("rpm.readings", 0);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final MutableClock clock = new MutableClock(T0);
    private final ReadingHandler handler = new ReadingHandler(new ObservationMapper(), new Publisher(producer, false),
            new SampledDataSettings(Map.of(VitalType.SPO2, Duration.ofMinutes(1)), Duration.ofSeconds(1),
                    Duration.ofSeconds(30)), clock, new SimpleMeterRegistry());

    private static Reading reading(VitalType vital, Instant at, String value) {
        return new Reading(Schema.VERSION, Reading.idFor("ox-1", vital, at, null), "pat-9", "ox-1", "hub-7", vital,
                new BigDecimal(value), vital.unit(), null, List.of(), at, at.plusMillis(300), TimeSource.DEVICE,
                null, null);
    }

    private void handle(Reading reading, long offset) {
        handler.handle("pat-9", reading, new RecordHeaders(), PARTITION, offset);
    }

    private List<Observation> published() {
        return producer.history().stream().map(ProducerRecord::value)
                .map(v -> Fhir.context().newJsonParser().parseResource(Observation.class,
                        new String(v, StandardCharsets.UTF_8)))
                .toList();
    }

    @Test
    void groupsAPeriodAndEmitsItOnTheFirstReadingOfTheNextPeriod() {
        handle(reading(VitalType.SPO2, T0, "97"), 10);
        handle(reading(VitalType.SPO2, T0.plusSeconds(1), "96"), 11);
        handle(reading(VitalType.SPO2, T0.plusSeconds(59), "95"), 12);
        assertThat(producer.history()).isEmpty();
        assertThat(handler.retainFrom(PARTITION)).hasValue(10);

        handle(reading(VitalType.SPO2, T0.plusSeconds(60), "94"), 13);

        assertThat(published()).singleElement().satisfies(o -> {
            assertThat(o.getValueSampledData().getData()).startsWith("97 96 E ").endsWith(" E 95");
            assertThat(o.getValueSampledData().getData().split(" ")).hasSize(60);
            assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("ox-1.spo2.2026-03-15T08:30:00Z/PT1M");
        });
        assertThat(handler.retainFrom(PARTITION)).hasValue(13);
    }

    @Test
    void emitsAQuietGroupOnceTheWallClockPassesItsEndPlusGrace() {
        handle(reading(VitalType.SPO2, T0, "97"), 5);
        clock.advance(Duration.ofSeconds(89));
        handler.onIdle();
        assertThat(producer.history()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        handler.onIdle();

        assertThat(published()).hasSize(1);
        assertThat(handler.retainFrom(PARTITION)).isEmpty();
    }

    @Test
    void otherVitalsAndLateReadingsBecomeObservationsOfTheirOwn() {
        handle(reading(VitalType.HEART_RATE, T0, "72"), 1);
        handle(reading(VitalType.SPO2, T0, "97"), 2);
        handle(reading(VitalType.SPO2, T0.plusSeconds(61), "96"), 3); // emits the first minute
        handle(reading(VitalType.SPO2, T0.plusSeconds(30), "93"), 4); // late for the emitted minute

        assertThat(published()).extracting(o -> o.getValue().fhirType())
                .containsExactly("Quantity", "SampledData", "Quantity");
    }

    @Test
    void aFailedBatchForgetsOpenGroupsSoTheyAreRebuiltFromKafka() {
        handle(reading(VitalType.SPO2, T0, "97"), 7);

        handler.onBatchFailed();

        assertThat(handler.retainFrom(PARTITION)).isEmpty();
        handle(reading(VitalType.SPO2, T0, "97"), 7);
        assertThat(handler.retainFrom(PARTITION)).hasValue(7);
    }
}
