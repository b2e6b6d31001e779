package org.rpmpipeline.backtest.replay;

import java.util.Objects;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;

/**
 * One record of history in replay order: its topic, its key, its value as stored in Kafka (the topology
 * decodes it, exactly as the live processor does) and its Kafka timestamp (when it was produced, which is when
 * the live processor could first have seen it).
 */
public record HistoryRecord(Source source, String key, byte[] value, long timestamp) {
    public HistoryRecord {
        Objects.requireNonNull(source, "source");
    }

    /** The topics a replay reads. */
    public enum Source {
        READINGS(Topics.READINGS),
        PATIENT_THRESHOLDS(Topics.PATIENT_THRESHOLDS),
        DEVICE_STATUS(Topics.DEVICE_STATUS);

        private final Topic<String, ?> topic;

        Source(Topic<String, ?> topic) {
            this.topic = topic;
        }

        public String topicName() {
            return topic.name();
        }
    }
}
