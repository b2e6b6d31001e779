package org.rpmpipeline.processor.topology;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.News2Rule;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.rules.SustainedRule;
import org.rpmpipeline.processor.rules.ThresholdRule;
import org.rpmpipeline.processor.rules.TrendRule;

/**
 * Writes the stores of a processor that ran the bundled rules for six days (patient {@code pat-1}: SpO2, pulse, BP,
 * temperature and weight every day at 09:00, low SpO2 and a fast pulse at 09:12; patient {@code pat-2}: one
 * reading on the last day) into {@code src/test/resources/state/v2}, in the stored form of format 2
 * ({@code StateCodec}). Not a test (the name ends in neither Test nor IT): run it on purpose with
 * {@code -Dtest=LegacyStateFixtureGenerator}. It prints what it wrote and each record shape's fingerprint.
 */
class LegacyStateFixtureGenerator {
    @Test
    void generate() throws Exception {
        Path out = Path.of(System.getProperty("fixture.dir", "src/test/resources/state/v2"));
        Files.createDirectories(out.resolve("patient-state-store"));
        Files.createDirectories(out.resolve("reading-dedup-store"));
        try (TopologyDriver d = new TopologyDriver(RuleSetLoader.loadDefault())) {
            for (int day = 0; day < 6; day++) {
                Instant t = d.clock.instant();
                d.pipe(Readings.of(VitalType.SPO2, "95", t));
                d.pipe(Readings.of(VitalType.HEART_RATE, "88", t));
                d.pipe(Readings.bloodPressure("128", "82", t));
                d.pipe(Readings.of(VitalType.BODY_TEMPERATURE, "37.0", t));
                d.pipe(Readings.of(VitalType.BODY_WEIGHT, "80." + day, t));
                Instant later = t.plus(Duration.ofMinutes(12));
                d.pipe(Readings.of(VitalType.SPO2, "88", later));
                d.pipe(Readings.of(VitalType.HEART_RATE, "118", later));
                d.advanceWallClock(Duration.ofDays(1));
            }
            d.pipe(Readings.of("pat-2", "dev-2", VitalType.SPO2, "97", d.clock.instant().minus(Duration.ofHours(1))));
            System.out.println("wall clock at end " + d.clock.instant());
            KeyValueStore<String, Bytes> states = d.driver.getKeyValueStore(VitalsTopology.PATIENT_STATE_STORE);
            try (KeyValueIterator<String, Bytes> all = states.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Bytes> kv = all.next();
                    Files.write(out.resolve("patient-state-store/" + kv.key + ".bin"), kv.value.get());
                    PatientState s = PatientState.fromBytes(kv.value.get());
                    System.out.println("STATE " + kv.key);
                    System.out.println("  @latest = " + s.get("@latest", LatestMeasurements.class));
                    System.out.println("  @seen = " + s.get("@seen", ReadingDedup.Bucket.class));
                    for (var rule : RuleSetLoader.loadDefault().readingRules()) {
                        Object v = s.get(rule.id(), rule.stateType());
                        if (v != null) {
                            System.out.println("  " + rule.id() + " = " + v);
                        }
                    }
                }
            }
            WindowStore<String, byte[]> dedup = d.driver.getWindowStore(VitalsTopology.DEDUP_STORE);
            try (KeyValueIterator<Windowed<String>, byte[]> all = dedup.all()) {
                while (all.hasNext()) {
                    KeyValue<Windowed<String>, byte[]> kv = all.next();
                    long start = kv.key.window().start();
                    Files.write(out.resolve("reading-dedup-store/" + kv.key.key() + "@" + start + ".bin"), kv.value);
                    System.out.println("DEDUP " + kv.key.key() + "@" + Instant.ofEpochMilli(start) + " = "
                            + StateCodec.of(ReadingDedup.Bucket.class).orElseThrow().read(kv.value, 0));
                }
            }
        }
        Method value = StateCodec.class.getDeclaredMethod("value", Type.class, StringBuilder.class, int.class);
        value.setAccessible(true);
        for (Class<?> type : new Class<?>[] {ThresholdRule.State.class, SustainedRule.State.class,
                TrendRule.State.class, News2Rule.State.class, AdherenceRule.State.class, LatestMeasurements.class,
                ReadingDedup.Bucket.class}) {
            StringBuilder shape = new StringBuilder();
            value.invoke(null, type, shape, 0);
            System.out.println("SHAPE " + type.getName() + " " + shape.toString().hashCode() + " " + shape);
        }
    }
}
