package org.rpmpipeline.backtest.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rpmpipeline.backtest.input.Window;

/**
 * The history a replay feeds the topology, in one order: readings of the window (and its warm-up) merged by
 * Kafka time with the per-patient thresholds and device-status records. A settings record is replayed before
 * any reading with a later Kafka time, so each reading meets the settings the live processor had received by
 * then (records older than the replay come first: the settings in force when it starts). Readings of patients
 * outside the patient filter are skipped, as are their settings; device status is kept whole.
 */
final class HistoryStream {
    private final PartitionMerge readings;
    private final List<ConsumerRecord<byte[], byte[]>> thresholds;
    private final List<ConsumerRecord<byte[], byte[]>> deviceStatus;
    private final Predicate<String> patients;
    private final InputStats stats;
    private final long fromMillis;
    private final long toMillis;
    private int nextThreshold;
    private int nextStatus;
    private ConsumerRecord<byte[], byte[]> pending;

    HistoryStream(PartitionMerge readings, List<ConsumerRecord<byte[], byte[]>> thresholds,
            List<ConsumerRecord<byte[], byte[]>> deviceStatus, Predicate<String> patients, Window window,
            InputStats stats) {
        this.readings = readings;
        this.thresholds = thresholds;
        this.deviceStatus = deviceStatus;
        this.patients = patients;
        this.stats = stats;
        this.fromMillis = window.replayFrom().toEpochMilli();
        this.toMillis = window.to().toEpochMilli();
    }

    /** The next record to replay, or {@code null} at the end. */
    HistoryRecord next() {
        if (pending == null) {
            pending = nextReading();
        }
        long readingTime = pending == null ? toMillis : pending.timestamp();
        HistoryRecord setting = nextSetting(readingTime);
        if (setting != null) {
            return setting;
        }
        if (pending == null) {
            return null;
        }
        ConsumerRecord<byte[], byte[]> reading = pending;
        pending = null;
        String key = key(reading);
        stats.reading(key, reading.timestamp());
        return new HistoryRecord(HistoryRecord.Source.READINGS, key, reading.value(), reading.timestamp());
    }

    private ConsumerRecord<byte[], byte[]> nextReading() {
        for (ConsumerRecord<byte[], byte[]> r = readings.next(); r != null; r = readings.next()) {
            String key = key(r);
            if (r.timestamp() >= fromMillis && r.timestamp() < toMillis && key != null && patients.test(key)) {
                return r;
            }
        }
        return null;
    }

    /** The thresholds or status record due at or before {@code time} (thresholds first on a tie). */
    private HistoryRecord nextSetting(long time) {
        ConsumerRecord<byte[], byte[]> t = nextThreshold < thresholds.size() ? thresholds.get(nextThreshold) : null;
        ConsumerRecord<byte[], byte[]> s = nextStatus < deviceStatus.size() ? deviceStatus.get(nextStatus) : null;
        boolean takeThreshold = t != null && t.timestamp() <= time && t.timestamp() < toMillis
                && (s == null || t.timestamp() <= s.timestamp());
        if (takeThreshold) {
            nextThreshold++;
            stats.patientThresholds();
            return new HistoryRecord(HistoryRecord.Source.PATIENT_THRESHOLDS, key(t), t.value(), t.timestamp());
        }
        if (s != null && s.timestamp() <= time && s.timestamp() < toMillis) {
            nextStatus++;
            stats.deviceStatus();
            return new HistoryRecord(HistoryRecord.Source.DEVICE_STATUS, key(s), s.value(), s.timestamp());
        }
        return null;
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }
}
