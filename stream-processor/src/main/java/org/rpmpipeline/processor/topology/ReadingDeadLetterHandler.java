package org.rpmpipeline.processor.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.rpmpipeline.contract.reject.RejectReason;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * Policy for a record on an input topic that does not decode: the topology keeps running, and the original bytes
 * go to {@code rpm.rejected} as a {@link RejectedMessage} (reason {@code SCHEMA_VIOLATION}, detail naming the
 * Kafka topic, partition and offset), written in the same transaction as the task's other output. The log line
 * carries coordinates only, never the payload.
 *
 * <p>The dead letter is bounded like the gateway's: it keeps at most {@link #MAX_PAYLOAD_BYTES} of the record (with
 * the original size and SHA-256) and a key of at most {@link #MAX_KEY_BYTES}. A record near the topic's size limit
 * would otherwise grow by a third in base64 and be refused by the broker, which would stop the stream thread: one
 * bad record must cost only itself.
 */
public final class ReadingDeadLetterHandler implements DeserializationExceptionHandler {
    /** Payload bytes kept in a dead letter (the gateway's default for its own dead letters). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** A record key longer than this is replaced by the dead letter's detail (topic, partition, offset). */
    public static final int MAX_KEY_BYTES = 1024;

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        Logger.warn("undecodable record sent to {} [topic: {}, partition: {}, offset: {}]", Topics.REJECTED.name(),
                record.topic(), record.partition(), record.offset());
        String detail = "undecodable record at " + record.topic() + "/" + record.partition() + "@" + record.offset()
                + ": " + exception.getClass().getSimpleName();
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        RejectedMessage rejected = RejectedMessage.of(RejectReason.SCHEMA_VIOLATION, detail, record.topic(), null,
                payload, MAX_PAYLOAD_BYTES, Instant.ofEpochMilli(Math.max(0, record.timestamp())), null, 0, null);
        byte[] key = record.key() == null || record.key().length > MAX_KEY_BYTES
                ? detail.getBytes(StandardCharsets.UTF_8) : record.key();
        byte[] value = Topics.REJECTED.valueSerde().serializer().serialize(Topics.REJECTED.name(), rejected);
        return Response.resume(List.of(new ProducerRecord<>(Topics.REJECTED.name(), key, value)));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // no settings
    }
}
