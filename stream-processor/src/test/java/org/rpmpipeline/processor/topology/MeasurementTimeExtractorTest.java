package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class MeasurementTimeExtractorTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private final MeasurementTimeExtractor extractor = new MeasurementTimeExtractor();

    @Test
    void eventTimeIsTheMeasurementInstant() {
        Object reading = Readings.received(VitalType.SPO2, "97", T0, T0.plusSeconds(3600));

        assertThat(extractor.extract(record(reading), 5L)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void clockAheadOfTheGatewayBeyondToleranceFallsBackToReceiveTime() {
        Object within = Readings.received(VitalType.SPO2, "97", T0.plusSeconds(300), T0);
        Object beyond = Readings.received(VitalType.SPO2, "97", T0.plusSeconds(301), T0);

        assertThat(extractor.extract(record(within), 5L)).isEqualTo(T0.plusSeconds(300).toEpochMilli());
        assertThat(extractor.extract(record(beyond), 5L)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void recordWithoutReadingIsDroppedNotStampedZero() {
        assertThat(extractor.extract(record(null), 5L)).isEqualTo(-1L);
    }

    private static ConsumerRecord<Object, Object> record(Object value) {
        return new ConsumerRecord<>("rpm.readings", 0, 7L, "pat-1", value);
    }
}
