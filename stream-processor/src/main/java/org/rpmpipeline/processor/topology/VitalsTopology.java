package org.rpmpipeline.processor.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.WallclockTimestampExtractor;
import org.apache.kafka.streams.state.Stores;
import org.rpmpipeline.contract.json.JsonSerde;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.processor.rules.NoDataRule;
import org.rpmpipeline.processor.rules.PatientOverrides;
import org.rpmpipeline.processor.rules.RuleSet;

/**
 * The processor's topology, built by a pure factory: no I/O, no properties; production and tests call the same
 * method. Readings (keyed by patient) are read with their measurement time as event time, duplicates dropped,
 * every rule evaluated by a pure function over per-patient state, and findings written keyed by patient id.
 *
 * <pre>
 * rpm.readings -> readings-source -> evaluate-rules [patient-state-store, reading-dedup-store,
 *     device-activity-store, device-status-store] -> findings-sink -> rpm.findings
 *                                                   -> adherence-sink -> rpm.adherence (daily, wall clock)
 * rpm.patient-thresholds -> patient-thresholds-source -> patient-thresholds-updater [patient-thresholds-store]
 *     (global: every instance holds every patient's settings, so no producer's partitioner matters)
 * rpm.device-status -> device-status-source -> device-status-updater [device-status-store] (global)
 * </pre>
 */
public final class VitalsTopology {
    public static final String READINGS_SOURCE = "readings-source";
    public static final String EVALUATE_RULES = "evaluate-rules";
    public static final String FINDINGS_SINK = "findings-sink";
    public static final String ADHERENCE_SINK = "adherence-sink";
    public static final String DEVICE_STATUS_SOURCE = "device-status-source";
    public static final String DEVICE_STATUS_UPDATER = "device-status-updater";
    public static final String PATIENT_THRESHOLDS_SOURCE = "patient-thresholds-source";
    public static final String PATIENT_THRESHOLDS_UPDATER = "patient-thresholds-updater";

    /** Reading ids seen, per patient and 10-minute bucket of event time (window store, changelogged). */
    public static final String DEDUP_STORE = "reading-dedup-store";
    /** Per patient: one record with every reading rule's state and the latest measurement times (changelogged). */
    public static final String PATIENT_STATE_STORE = "patient-state-store";
    /** Per patient and device: last reading received, silence flag (changelogged). */
    public static final String DEVICE_ACTIVITY_STORE = "device-activity-store";
    /**
     * Per patient: override versions from the compacted thresholds topic (global, restored by replaying the topic
     * through the updater).
     */
    public static final String PATIENT_THRESHOLDS_STORE = "patient-thresholds-store";
    /** Latest status per device and hub, from the compacted status topic (global). */
    public static final String DEVICE_STATUS_STORE = "device-status-store";

    private VitalsTopology() {
    }

    /** The topology for {@code rules} with default stream settings. */
    public static Topology build(RuleSet rules, Clock clock) {
        return build(rules, TopologySettings.DEFAULTS, clock);
    }

    /** The topology for {@code rules}; {@code clock} stamps {@code detectedAt} and drives the no-data rule. */
    public static Topology build(RuleSet rules, TopologySettings settings, Clock clock) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), READINGS_SOURCE, new MeasurementTimeExtractor(),
                Topics.READINGS.keySerde().deserializer(), Topics.READINGS.valueSerde().deserializer(),
                Topics.READINGS.name());
        topology.addProcessor(EVALUATE_RULES, () -> new RulesProcessor(rules, settings, clock), READINGS_SOURCE);
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DEDUP_STORE,
                        ReadingDedup.storeRetention(settings.dedupRetention()), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.ByteArray()), EVALUATE_RULES);
        // a global store: every task sees every patient's settings, whichever partition a producer (any Kafka
        // client, any partitioner) wrote them to
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_THRESHOLDS_STORE),
                        Serdes.String(), JsonSerde.of(PatientOverrides.class)).withLoggingDisabled(),
                PATIENT_THRESHOLDS_SOURCE, Topics.PATIENT_THRESHOLDS.keySerde().deserializer(),
                Topics.PATIENT_THRESHOLDS.valueSerde().deserializer(), Topics.PATIENT_THRESHOLDS.name(),
                PATIENT_THRESHOLDS_UPDATER, PatientThresholdsUpdater::new);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_STATE_STORE),
                Serdes.String(), Serdes.Bytes()).withCachingEnabled(), EVALUATE_RULES);
        if (rules.noData().isPresent()) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEVICE_ACTIVITY_STORE),
                    Serdes.String(), JsonSerde.of(NoDataRule.Activity.class)), EVALUATE_RULES);
            topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DEVICE_STATUS_STORE),
                            Topics.DEVICE_STATUS.keySerde(), Topics.DEVICE_STATUS.valueSerde()).withLoggingDisabled(),
                    DEVICE_STATUS_SOURCE, new WallclockTimestampExtractor(),
                    Topics.DEVICE_STATUS.keySerde().deserializer(), Topics.DEVICE_STATUS.valueSerde().deserializer(),
                    Topics.DEVICE_STATUS.name(), DEVICE_STATUS_UPDATER, DeviceStatusUpdater::new);
        }
        topology.addSink(FINDINGS_SINK, Topics.FINDINGS.name(), Topics.FINDINGS.keySerde().serializer(),
                Topics.FINDINGS.valueSerde().serializer(), EVALUATE_RULES);
        if (!rules.adherence().isEmpty()) {
            topology.addSink(ADHERENCE_SINK, Topics.ADHERENCE.name(), Topics.ADHERENCE.keySerde().serializer(),
                    Topics.ADHERENCE.valueSerde().serializer(), EVALUATE_RULES);
        }
        return topology;
    }
}
