package org.rpmpipeline.processor.topology;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.rpmpipeline.contract.vital.Reading;
import org.tinylog.Logger;

/**
 * Event time of a reading is its measurement instant. Two guarded cases:
 * <ul>
 *   <li>a measurement instant later than the gateway's receive instant plus {@link #MAX_CLOCK_AHEAD} comes from a
 *       device clock that runs ahead; the receive instant is used instead, so one wrong clock cannot push stream
 *       time (and every window of the partition) into the future;</li>
 *   <li>a record that is not a reading (a tombstone) has no event time: it is dropped with a warning and Kafka
 *       Streams counts it in its {@code dropped-records} metric; nothing is ever stamped with time 0.</li>
 * </ul>
 */
public final class MeasurementTimeExtractor implements TimestampExtractor {
    /** Device clocks may run this far ahead of the gateway before their time is distrusted. */
    public static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Reading reading) {
            return eventTime(reading).toEpochMilli();
        }
        Logger.warn("dropping record without a reading [topic: {}, partition: {}, offset: {}]", record.topic(),
                record.partition(), record.offset());
        return -1;
    }

    /** The event time of {@code reading} under the policy above. */
    public static Instant eventTime(Reading reading) {
        Instant measured = reading.measuredAt();
        return measured.isAfter(reading.receivedAt().plus(MAX_CLOCK_AHEAD)) ? reading.receivedAt() : measured;
    }
}
