package org.rpmpipeline.sim.history;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.sim.scenario.Emission;
import org.rpmpipeline.sim.scenario.Emissions;
import org.rpmpipeline.sim.scenario.Scenario;
import org.tinylog.Logger;

/**
 * Publishes a scenario's history straight to {@code rpm.readings}, as the gateway would have over the scenario's
 * time, but as fast as Kafka takes it: weeks of a large cohort in minutes, for backtests and their benchmark.
 * Each reading is keyed by patient and carries its receive time as the Kafka timestamp (the gateway's records are
 * stamped when it receives them), so time-based offset lookups see the history as it would have arrived. A QoS 1
 * duplicate is published twice, as the gateway would.
 */
public final class HistoryWriter {
    private HistoryWriter() {
    }

    /**
     * What was written.
     *
     * @param first the earliest receive time written
     * @param last the latest receive time written
     */
    public record Result(long readings, int patients, Instant first, Instant last, Duration elapsed) {
        public double readingsPerSecond() {
            return readings / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /**
     * Writes the first {@code duration} of {@code scenario}, which starts at {@code start}, and waits until Kafka
     * has acknowledged every record.
     *
     * @throws IllegalStateException if Kafka refuses a record
     */
    public static Result write(Scenario scenario, Duration duration, Instant start,
            Producer<String, Reading> producer) {
        long began = System.nanoTime();
        Emissions emissions = scenario.emissions(duration);
        Set<String> patients = new HashSet<>();
        long count = 0;
        Instant first = null;
        Instant last = null;
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        while (emissions.hasNext()) {
            Emission emission = emissions.next();
            for (Reading reading : HistoryReadings.of(emission, start)) {
                for (int copy = 0; copy < emission.copies(); copy++) {
                    producer.send(new ProducerRecord<>(Topics.READINGS.name(), null,
                            reading.receivedAt().toEpochMilli(), reading.patientId(), reading), (metadata, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                    firstError.compareAndSet(null, e);
                                }
                            });
                    count++;
                }
                patients.add(reading.patientId());
                first = first == null || reading.receivedAt().isBefore(first) ? reading.receivedAt() : first;
                last = last == null || reading.receivedAt().isAfter(last) ? reading.receivedAt() : last;
            }
        }
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException("Kafka refused " + failed.get() + " of " + count + " readings, first: "
                    + firstError.get(), firstError.get());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
        Logger.info("history written [readings: {}, patients: {}, seconds: {}]", count, patients.size(),
                elapsed.toSeconds());
        return new Result(count, patients.size(), first, last, elapsed);
    }
}
