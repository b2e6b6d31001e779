package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.processor.rules.AdherenceRule;
import org.rpmpipeline.processor.rules.Evaluation;
import org.rpmpipeline.processor.rules.NoDataRule;
import org.rpmpipeline.processor.rules.PatientOverrides;
import org.rpmpipeline.processor.rules.ReadingRule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.Step;
import org.tinylog.Logger;

/**
 * Routes each reading through the rules and keeps their per-patient state; rule logic itself lives in the pure
 * rule classes. State of a reading rule is stored under {@code patientId|ruleId} as JSON; decoded states are
 * also kept in a bounded per-task cache (write-through, rebuilt from the store whenever the task is
 * re-initialized, e.g. after a rebalance or an aborted transaction). The no-data and adherence rules are checked
 * by wall-clock punctuations.
 */
final class RulesProcessor implements Processor<String, Reading, String, Finding> {
    private static final ObjectMapper JSON = Json.mapper();
    /** Decoded rule states kept per task, so a rule does not decode JSON on every reading. */
    private static final int STATE_CACHE_ENTRIES = 20_000;
    /** Key suffix of a patient's latest measurement instants in the rule-state store (no rule id contains '@'). */
    static final String LATEST_SUFFIX = "|@latest";
    /** Granularity of the recorded last-receive time of a device. */
    private static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(1);

    private final RuleSet rules;
    private final List<ReadingRule<?>> readingRules;
    private final Optional<NoDataRule> noData;
    private final TopologySettings settings;
    private final Clock clock;
    private ProcessorContext<String, Finding> context;
    private KeyValueStore<String, Bytes> ruleState;
    private KeyValueStore<String, PatientOverrides> overrides;
    private KeyValueStore<String, NoDataRule.Activity> activity;
    private KeyValueStore<String, DeviceStatus> deviceStatus;
    private Map<String, Object> decoded;

    RulesProcessor(RuleSet rules, TopologySettings settings, Clock clock) {
        this.rules = rules;
        this.readingRules = rules.readingRules();
        this.noData = rules.noData();
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        this.decoded = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > STATE_CACHE_ENTRIES;
            }
        };
        this.ruleState = context.getStateStore(VitalsTopology.RULE_STATE_STORE);
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
    }

    @Override
    public void process(Record<String, Reading> record) {
        Reading reading = record.value();
        Instant now = clock.instant();
        String clockKey = reading.patientId() + LATEST_SUFFIX;
        LatestMeasurements latest = load(clockKey, LatestMeasurements.class);
        Instant latestOfVital = latest == null ? null : latest.latest().get(reading.vital().code());
        Evaluation evaluation = Evaluation.of(reading, now, settings.lateAfter(), latestOfVital);
        if (latestOfVital == null || reading.measuredAt().isAfter(latestOfVital)) {
            Map<String, Instant> next = new HashMap<>(latest == null ? Map.of() : latest.latest());
            next.put(reading.vital().code(), reading.measuredAt());
            LatestMeasurements updated = new LatestMeasurements(next);
            ruleState.put(clockKey, encode(updated));
            decoded.put(clockKey, updated);
        }
        PatientOverrides history = overrides.get(reading.patientId());
        Optional<PatientThresholds> override = history == null ? Optional.empty()
                : history.inForce(reading.measuredAt());
        for (ReadingRule<?> rule : readingRules) {
            if (rule.appliesTo(reading)) {
                apply(rule, override, reading, evaluation, record.timestamp());
            }
        }
        noData.ifPresent(rule -> {
            String key = reading.patientId() + "|" + reading.deviceId();
            String cacheKey = "activity|" + key;
            NoDataRule.Activity previous = decoded.get(cacheKey) instanceof NoDataRule.Activity a ? a : activity.get(key);
            Step<NoDataRule.Activity> step = rule.onReading(previous, reading, now);
            if (worthWriting(previous, step.state())) {
                activity.put(key, step.state());
                decoded.put(cacheKey, step.state());
            }
            emit(step.findings(), record.timestamp());
        });
    }

    /**
     * Device activity is written when it matters for the silence check: a new device, the end of a silence, or
     * a receive time that moved by at least {@link #ACTIVITY_RESOLUTION}; silences are measured in hours.
     */
    private static boolean worthWriting(NoDataRule.Activity previous, NoDataRule.Activity next) {
        return previous == null || previous.silent() != next.silent()
                || !Objects.equals(previous.hubId(), next.hubId())
                || Duration.between(previous.lastReceivedAt(), next.lastReceivedAt()).compareTo(ACTIVITY_RESOLUTION) >= 0;
    }

    private <S> void apply(ReadingRule<S> base, Optional<PatientThresholds> override, Reading reading,
            Evaluation evaluation, long timestamp) {
        ReadingRule<S> rule = override.map(o -> PatientOverrides.adapt(base, o)).orElse(base);
        String key = reading.patientId() + "|" + rule.id();
        S state = load(key, rule.stateType());
        Step<S> step = rule.step(state, reading, evaluation);
        if (step.state() == null) {
            if (state != null) {
                ruleState.delete(key);
                decoded.remove(key);
            }
        } else if (!step.state().equals(state)) {
            ruleState.put(key, encode(step.state()));
            decoded.put(key, step.state());
        }
        if (rule != base) {
            emit(step.findings().stream().map(f -> PatientOverrides.tag(f, override.get())).toList(), timestamp);
        } else {
            emit(step.findings(), timestamp);
        }
    }

    private void checkSilence(long wallClockMillis) {
        NoDataRule rule = noData.orElseThrow();
        Instant now = clock.instant();
        List<KeyValue<String, NoDataRule.Activity>> changed = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        try (KeyValueIterator<String, NoDataRule.Activity> all = activity.all()) {
            while (all.hasNext()) {
                KeyValue<String, NoDataRule.Activity> entry = all.next();
                NoDataRule.Activity a = entry.value;
                rule.check(a, status(a.deviceId()), status(a.hubId()), now).ifPresent(step -> {
                    changed.add(KeyValue.pair(entry.key, step.state()));
                    findings.addAll(step.findings());
                });
            }
        }
        changed.forEach(kv -> {
            activity.put(kv.key, kv.value);
            decoded.put("activity|" + kv.key, kv.value);
        });
        emit(findings, now.toEpochMilli());
    }

    private void checkAdherence(long wallClockMillis) {
        Instant now = clock.instant();
        for (AdherenceRule rule : rules.adherence()) {
            String suffix = "|" + rule.id();
            List<KeyValue<String, Bytes>> changed = new ArrayList<>();
            List<Finding> findings = new ArrayList<>();
            try (KeyValueIterator<String, Bytes> all = ruleState.all()) {
                while (all.hasNext()) {
                    KeyValue<String, Bytes> entry = all.next();
                    if (!entry.key.endsWith(suffix)) {
                        continue;
                    }
                    String patientId = entry.key.substring(0, entry.key.length() - suffix.length());
                    AdherenceRule.State state = decode(entry.value, AdherenceRule.State.class);
                    rule.check(state, patientId, now).ifPresent(step -> {
                        changed.add(KeyValue.pair(entry.key, encode(step.state())));
                        findings.addAll(step.findings());
                    });
                }
            }
            changed.forEach(kv -> {
                ruleState.put(kv.key, kv.value);
                decoded.remove(kv.key);
            });
            emit(findings, now.toEpochMilli());
        }
    }

    /** The state under {@code key}: from the decoded cache, else from the store. */
    private <S> S load(String key, Class<S> type) {
        Object cached = decoded.get(key);
        if (type.isInstance(cached)) {
            return type.cast(cached);
        }
        S state;
        try {
            state = decode(ruleState.get(key), type);
        } catch (UncheckedIOException e) {
            // a state written by an incompatible build: start the rule afresh for this patient rather than
            // failing every later reading of the patient
            Logger.warn("unreadable rule state discarded [rule: {}, type: {}]",
                    key.substring(key.lastIndexOf('|') + 1), type.getSimpleName());
            ruleState.delete(key);
            return null;
        }
        if (state != null) {
            decoded.put(key, state);
        }
        return state;
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
            context.forward(new Record<>(finding.patientId(), finding, timestamp));
        }
    }

    private static <S> S decode(Bytes bytes, Class<S> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes.get(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable rule state of type " + type.getSimpleName(), e);
        }
    }

    private static Bytes encode(Object state) {
        try {
            return Bytes.wrap(JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode rule state " + state.getClass().getSimpleName(), e);
        }
    }
}
