package org.rpmpipeline.processor.topology;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.Evaluation;
import org.rpmpipeline.processor.rules.NoDataRule;
import org.rpmpipeline.processor.rules.PatientOverrides;
import org.rpmpipeline.processor.rules.ReadingRule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.SignalQuality;
import org.rpmpipeline.processor.rules.ThresholdRule;
import org.rpmpipeline.processor.rules.Step;
import org.tinylog.Logger;

/**
 * Drops a reading seen before ({@link ReadingDedup}), routes each other reading through the rules and keeps
 * their per-patient state; rule logic itself lives in the pure rule classes. All reading-rule state of a patient
 * is one {@link PatientState} record under the patient id (with the ids of its newest dedup bucket), so a
 * reading costs at most one store write (and one changelog record); decoded states are also kept in a bounded
 * per-task cache (write-through, rebuilt from the store whenever the task is re-initialized, e.g. after a
 * rebalance or an aborted transaction). The no-data and adherence rules are checked by wall-clock punctuations.
 */
final class RulesProcessor implements Processor<String, Reading, String, Object> {
    /** Patients whose decoded state is kept per task, so a rule does not decode JSON on every reading. */
    private static final int STATE_CACHE_PATIENTS = 10_000;
    /** Devices whose activity is kept per task. */
    private static final int ACTIVITY_CACHE_DEVICES = 20_000;
    /** Granularity of the stored last-receive time of a device (the in-memory one is exact). */
    static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(10);
    /** How often (wall clock) stored state migrated or dropped since the last time is logged. */
    static final Duration STATE_REPORT_INTERVAL = Duration.ofMinutes(1);

    private final RuleSet rules;
    private final List<ReadingRule<?>> readingRules;
    private final Optional<NoDataRule> noData;
    private final Map<Long, List<ReadingRule<?>>> applicable = new HashMap<>();
    private final TopologySettings settings;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Bytes> patientStates;
    private ReadingDedup dedup;
    private KeyValueStore<String, PatientOverrides> overrides;
    private KeyValueStore<String, NoDataRule.Activity> activity;
    private KeyValueStore<String, DeviceStatus> deviceStatus;
    private Map<String, PatientState> cache;
    private final StateAccounting accounting = new StateAccounting();
    /** Per patient and device: the exact activity and the one last written to the store. */
    private Map<String, CachedActivity> activityCache;

    private record CachedActivity(NoDataRule.Activity current, NoDataRule.Activity stored) {
    }

    RulesProcessor(RuleSet rules, TopologySettings settings, Clock clock) {
        this.rules = rules;
        this.readingRules = rules.readingRules();
        this.noData = rules.noData();
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = lru(STATE_CACHE_PATIENTS);
        this.activityCache = lru(ACTIVITY_CACHE_DEVICES);
        this.patientStates = context.getStateStore(VitalsTopology.PATIENT_STATE_STORE);
        this.dedup = new ReadingDedup(context.getStateStore(VitalsTopology.DEDUP_STORE), accounting);
        this.overrides = context.getStateStore(VitalsTopology.PATIENT_THRESHOLDS_STORE);
        if (noData.isPresent()) {
            this.activity = context.getStateStore(VitalsTopology.DEVICE_ACTIVITY_STORE);
            this.deviceStatus = context.getStateStore(VitalsTopology.DEVICE_STATUS_STORE);
            context.schedule(settings.noDataCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkSilence);
        }
        if (!rules.adherence().isEmpty()) {
            context.schedule(settings.adherenceCheckInterval(), PunctuationType.WALL_CLOCK_TIME,
                    this::checkAdherence);
        }
        context.schedule(STATE_REPORT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> accounting.report());
    }

    @Override
    public void close() {
        accounting.report();
    }

    /** The headers of the reading being processed, while {@link #process} runs. */
    private Headers triggerHeaders;

    @Override
    public void process(Record<String, Reading> record) {
        triggerHeaders = record.headers();
        try {
            evaluate(record);
        } finally {
            triggerHeaders = null;
        }
    }

    private void evaluate(Record<String, Reading> record) {
        Reading reading = record.value();
        Instant now = clock.instant();
        PatientState state = patientState(reading.patientId());
        if (!dedup.firstSeen(state, reading.patientId(), reading.readingId(), record.timestamp())) {
            Logger.debug("duplicate reading dropped [reading: {}]", reading.readingId());
            return;
        }
        if (SignalQuality.isControlSolution(reading)) {
            Logger.debug("control-solution test kept out of clinical rules [reading: {}]", reading.readingId());
            save(reading.patientId(), state);
            recordActivity(reading, now, record.timestamp());
            return;
        }
        LatestMeasurements latest = state.get(PatientState.LATEST, LatestMeasurements.class);
        Instant latestOfVital = latest == null ? null : latest.latest().get(reading.vital().code());
        Evaluation evaluation = Evaluation.of(reading, now, settings.lateAfter(), latestOfVital);
        List<String> unreliable = SignalQuality.flags(reading);
        if (unreliable.isEmpty() && (latestOfVital == null || reading.measuredAt().isAfter(latestOfVital))) {
            Map<String, Instant> next = new HashMap<>(latest == null ? Map.of() : latest.latest());
            next.put(reading.vital().code(), reading.measuredAt());
            state.put(PatientState.LATEST, new LatestMeasurements(next));
        }
        PatientOverrides history = overrides.get(reading.patientId());
        Optional<PatientThresholds> override = history == null ? Optional.empty()
                : history.inForce(reading.measuredAt());
        for (ReadingRule<?> rule : rulesFor(reading)) {
            if (unreliable.isEmpty() || rule instanceof AdherenceRule) {
                apply(rule, state, override, reading, evaluation, record.timestamp());
            } else if (rule instanceof ThresholdRule threshold) {
                reportUnreliable(threshold, override, reading, evaluation, unreliable, record.timestamp());
            }
        }
        save(reading.patientId(), state);
        recordActivity(reading, now, record.timestamp());
    }

    /** The device's activity for the no-data rule: every reading counts, whatever its value. */
    private void recordActivity(Reading reading, Instant now, long timestamp) {
        noData.ifPresent(rule -> {
            String key = reading.patientId() + "|" + reading.deviceId();
            CachedActivity cached = activityCache.get(key);
            NoDataRule.Activity stored = cached != null ? cached.stored() : activity.get(key);
            NoDataRule.Activity previous = cached != null ? cached.current() : stored;
            Step<NoDataRule.Activity> step = rule.onReading(previous, reading, now);
            if (worthWriting(stored, step.state())) {
                activity.put(key, step.state());
                stored = step.state();
            }
            activityCache.put(key, new CachedActivity(step.state(), stored));
            emit(step.findings(), timestamp);
        });
    }

    /**
     * Device activity is kept exact in memory and written to the store when it matters for the silence check: a
     * new device, the start or end of a silence, a new hub, or a receive time that moved by at least
     * {@link #ACTIVITY_RESOLUTION} since the stored one. The check uses the in-memory value; after a failover the
     * stored one is at most {@link #ACTIVITY_RESOLUTION} old, against silences measured in hours.
     */
    private static boolean worthWriting(NoDataRule.Activity stored, NoDataRule.Activity next) {
        return stored == null || stored.silent() != next.silent()
                || !Objects.equals(stored.hubId(), next.hubId())
                || Duration.between(stored.lastReceivedAt(), next.lastReceivedAt()).compareTo(ACTIVITY_RESOLUTION) >= 0;
    }

    private <S> void apply(ReadingRule<S> base, PatientState patient, Optional<PatientThresholds> override,
            Reading reading, Evaluation evaluation, long timestamp) {
        ReadingRule<S> rule = override.map(o -> PatientOverrides.adapt(base, o)).orElse(base);
        S state = patient.get(rule.id(), rule.stateType());
        Step<S> step = rule.step(state, reading, evaluation);
        if (!Objects.equals(step.state(), state)) {
            patient.put(rule.id(), step.state());
        }
        if (rule != base) {
            emit(step.findings().stream().map(f -> PatientOverrides.tag(f, override.get())).toList(), timestamp);
        } else {
            emit(step.findings(), timestamp);
        }
    }

    /** A reading flagged unreliable by its device: a capped stand-alone finding, no episode (SignalQuality). */
    private void reportUnreliable(ThresholdRule base, Optional<PatientThresholds> override, Reading reading,
            Evaluation evaluation, List<String> flags, long timestamp) {
        ReadingRule<?> adapted = override.<ReadingRule<?>>map(o -> PatientOverrides.adapt(base, o)).orElse(base);
        ThresholdRule rule = adapted instanceof ThresholdRule t ? t : base;
        rule.evaluateUnreliable(reading, evaluation, flags).ifPresent(finding -> {
            Logger.debug("unreliable reading kept out of episodes [rule: {}, reading: {}]", rule.id(),
                    reading.readingId());
            emit(List.of(rule == base ? finding : PatientOverrides.tag(finding, override.get())), timestamp);
        });
    }

    private void checkSilence(long wallClockMillis) {
        NoDataRule rule = noData.orElseThrow();
        Instant now = clock.instant();
        List<KeyValue<String, NoDataRule.Activity>> changed = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        try (KeyValueIterator<String, NoDataRule.Activity> all = activity.all()) {
            while (all.hasNext()) {
                KeyValue<String, NoDataRule.Activity> entry = all.next();
                CachedActivity cached = activityCache.get(entry.key);
                NoDataRule.Activity a = cached != null ? cached.current() : entry.value;
                rule.check(a, status(a.deviceId()), status(a.hubId()), now).ifPresent(step -> {
                    changed.add(KeyValue.pair(entry.key, step.state()));
                    findings.addAll(step.findings());
                });
            }
        }
        changed.forEach(kv -> {
            activity.put(kv.key, kv.value);
            activityCache.put(kv.key, new CachedActivity(kv.value, kv.value));
        });
        emit(findings, now.toEpochMilli());
    }

    private void checkAdherence(long wallClockMillis) {
        Instant now = clock.instant();
        List<String> patientIds = new ArrayList<>();
        try (KeyValueIterator<String, Bytes> all = patientStates.all()) {
            while (all.hasNext()) {
                patientIds.add(all.next().key);
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<AdherenceRecord> daily = new ArrayList<>();
        for (String patientId : patientIds) {
            PatientState state = patientState(patientId);
            for (AdherenceRule rule : rules.adherence()) {
                AdherenceRule.State current = state.get(rule.id(), AdherenceRule.State.class);
                if (current == null) {
                    continue;
                }
                Optional<Step<AdherenceRule.State>> checked = rule.check(current, patientId, now);
                if (checked.isPresent()) {
                    current = checked.get().state();
                    findings.addAll(checked.get().findings());
                }
                Optional<AdherenceRule.Daily> record = rule.daily(current, patientId, now);
                if (record.isPresent()) {
                    current = record.get().state();
                    daily.add(record.get().record());
                }
                if (checked.isPresent() || record.isPresent()) {
                    state.put(rule.id(), current);
                }
            }
            save(patientId, state);
        }
        emit(findings, now.toEpochMilli());
        for (AdherenceRecord record : daily) {
            Logger.debug("adherence record [rule: {}, record: {}]", record.ruleId(), record.recordId());
            context.forward(new Record<String, Object>(record.patientId(), record, now.toEpochMilli()),
                    VitalsTopology.ADHERENCE_SINK);
        }
    }

    /** The reading rules that apply to {@code reading}, remembered per set of vitals carrying a value. */
    private List<ReadingRule<?>> rulesFor(Reading reading) {
        long shape = reading.value() == null ? 0 : 1L << reading.vital().ordinal();
        for (Component component : reading.components()) {
            if (component.value() != null && component.vital() != reading.vital()) {
                shape |= 1L << component.vital().ordinal();
            }
        }
        return applicable.computeIfAbsent(shape, s -> readingRules.stream().filter(r -> r.appliesTo(reading))
                .<ReadingRule<?>>map(r -> r).toList());
    }

    private static <V> Map<String, V> lru(int entries) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > entries;
            }
        };
    }

    /** The patient's state: from the per-task cache, else from the store. */
    private PatientState patientState(String patientId) {
        PatientState state = cache.get(patientId);
        if (state == null) {
            Bytes stored = patientStates.get(patientId);
            state = PatientState.fromBytes(stored == null ? null : stored.get(), accounting);
            cache.put(patientId, state);
        }
        return state;
    }

    /** Writes the patient's state if it changed: one store record per patient and reading at most. */
    private void save(String patientId, PatientState state) {
        if (!state.dirty()) {
            return;
        }
        if (state.isEmpty()) {
            patientStates.delete(patientId);
            state.toBytes();
        } else {
            patientStates.put(patientId, Bytes.wrap(state.toBytes()));
        }
    }

    private Optional<DeviceStatus> status(String deviceId) {
        if (deviceId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(deviceStatus.get(deviceId));
    }

    private void emit(List<Finding> findings, long timestamp) {
        for (Finding finding : findings) {
            Logger.debug("finding [rule: {}, status: {}, finding: {}]", finding.ruleId(), finding.status().code(),
                    finding.findingId());
            // a finding caused by a reading keeps that reading's headers (correlation id, device, MQTT topic), so
            // a message can be traced from the device to the notification; a punctuation's finding has none
            Record<String, Object> out = triggerHeaders == null
                    ? new Record<>(finding.patientId(), finding, timestamp)
                    : new Record<>(finding.patientId(), finding, timestamp, triggerHeaders);
            context.forward(out, VitalsTopology.FINDINGS_SINK);
        }
    }
}
