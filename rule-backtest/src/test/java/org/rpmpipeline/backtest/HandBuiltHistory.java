package org.rpmpipeline.backtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rpmpipeline.backtest.replay.HistoryRecord;
import org.rpmpipeline.backtest.replay.Replay;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/** A history written by hand: readings as the gateway publishes them, in replay order. */
final class HandBuiltHistory {
    private final List<HistoryRecord> records = new ArrayList<>();

    /** A heart-rate reading of {@code patient} measured at {@code at}, received a second later. */
    HandBuiltHistory heartRate(String patient, Instant at, int bpm) {
        return reading(patient, VitalType.HEART_RATE, at, new BigDecimal(bpm));
    }

    HandBuiltHistory reading(String patient, VitalType vital, Instant at, BigDecimal value) {
        String device = "dev-" + patient;
        Instant received = at.plus(Duration.ofSeconds(1));
        Reading reading = new Reading(Schema.VERSION, Reading.idFor(device, vital, at, value.toPlainString()),
                patient, device, null, vital, value, vital.unit(), null, List.of(), at, received, null, null, null);
        records.add(new HistoryRecord(HistoryRecord.Source.READINGS, patient,
                Topics.READINGS.valueSerde().serializer().serialize(Topics.READINGS.name(), reading),
                received.toEpochMilli()));
        return this;
    }

    /** A personal band for {@code ruleId} of {@code patient}, version 1, in force and published at {@code at}. */
    HandBuiltHistory personalBand(String patient, Instant at, String ruleId, Severity severity, String operator,
            int value) {
        return personalBand(patient, 1, at, at, ruleId, severity, operator, value);
    }

    /**
     * Version {@code version} of {@code patient}'s settings, one personal band for {@code ruleId}, in force from
     * {@code effectiveFrom} and published (its Kafka time) at {@code publishedAt}.
     */
    HandBuiltHistory personalBand(String patient, int version, Instant effectiveFrom, Instant publishedAt,
            String ruleId, Severity severity, String operator, int value) {
        PatientThresholds thresholds = new PatientThresholds(Schema.VERSION, patient, version, effectiveFrom, null,
                List.of(new ThresholdOverride(ruleId, List.of(new BandOverride(severity, operator,
                        new BigDecimal(value))))), "clinician-1", "personal limit", null);
        records.add(new HistoryRecord(HistoryRecord.Source.PATIENT_THRESHOLDS, patient,
                Topics.PATIENT_THRESHOLDS.valueSerde().serializer().serialize(Topics.PATIENT_THRESHOLDS.name(),
                        thresholds), publishedAt.toEpochMilli()));
        return this;
    }

    /** The records in Kafka-time order, in batches of {@code size}. */
    Replay.Batches batches(int size) {
        List<HistoryRecord> sorted = records.stream().sorted(Comparator.comparingLong(HistoryRecord::timestamp))
                .toList();
        int[] next = {0};
        return () -> {
            if (next[0] >= sorted.size()) {
                return null;
            }
            List<HistoryRecord> batch = sorted.subList(next[0], Math.min(sorted.size(), next[0] + size));
            next[0] += batch.size();
            return batch;
        };
    }
}
