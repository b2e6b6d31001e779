package org.rpmpipeline.alerts.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.patient.PatientThresholds;

/**
 * What the console shows, as read from Kafka by {@link ConsoleFeed} (and, for a change made here, applied at
 * once): every alert's latest state from {@code rpm.alerts}, each patient's latest NEWS2 finding and the evidence
 * of recent findings from {@code rpm.findings}, each alert's history from {@code rpm.audit} (reads left out),
 * device bindings and status, the latest adherence record and the per-patient settings versions. Every map is
 * bounded; {@link #version()} changes whenever something the worklist shows changes.
 */
public final class ConsoleState {
    /** Resolved alerts are kept this long after their last change (the patient view lists them). */
    static final Duration RESOLVED_KEPT = Duration.ofHours(24);
    static final int MAX_FINDINGS = 100_000;
    static final int MAX_HISTORY_ALERTS = 50_000;
    static final int MAX_HISTORY_PER_ALERT = 100;
    static final int MAX_SETTINGS_VERSIONS = 20;
    static final int MAX_KEYS = 1_000_000;

    private final Clock clock;
    private final Map<String, Alert> alerts = new ConcurrentHashMap<>();
    private final Map<String, Finding> news2 = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, FindingEvidence> findings = lru(MAX_FINDINGS);
    private final LinkedHashMap<String, List<HistoryEntry>> history = lru(MAX_HISTORY_ALERTS);
    private final Map<String, DeviceBinding> bindings = new ConcurrentHashMap<>();
    private final Map<String, DeviceStatus> deviceStatus = new ConcurrentHashMap<>();
    private final Map<String, AdherenceRecord> adherence = new ConcurrentHashMap<>();
    private final Map<String, List<PatientThresholds>> settings = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public ConsoleState(Clock clock) {
        this.clock = clock;
    }

    /** The rule and evidence readings of a finding (what an alert's evidence is made of). */
    record FindingEvidence(String ruleId, Instant detectedAt, List<Evidence> evidence, String overrideVersion) {
    }

    /** Increases whenever an alert, an alert's history or a patient's NEWS2 changes. */
    public long version() {
        return version.get();
    }

    // ---- writes (the feed's thread, and the console after its own changes) ----

    /** Takes an alert's state unless a later one is already known. */
    public void apply(Alert alert) {
        boolean[] changed = {false};
        alerts.compute(alert.alertId(), (id, known) -> {
            if (known != null && known.updatedAt().isAfter(alert.updatedAt())) {
                return known;
            }
            changed[0] = !alert.equals(known);
            return alert;
        });
        if (changed[0]) {
            changed();
        }
    }

    void applyFinding(Finding finding) {
        synchronized (findings) {
            findings.put(finding.findingId(), new FindingEvidence(finding.ruleId(), finding.detectedAt(),
                    finding.evidence(), finding.details().get("overrideVersion")));
        }
        if (finding.ruleId().startsWith("news2") && boundedPut(news2, finding.patientId())) {
            Finding known = news2.get(finding.patientId());
            if (known == null || !known.detectedAt().isAfter(finding.detectedAt())) {
                news2.put(finding.patientId(), finding);
                changed();
            }
        }
    }

    /** Records an alert's audit event in its history; reads are not history. Repeats (same event id) are ignored. */
    public void applyAudit(AuditEvent event) {
        if (!"alert".equals(event.subjectType()) || event.subjectId() == null || event.action().endsWith(".read")) {
            return;
        }
        boolean added;
        synchronized (history) {
            List<HistoryEntry> entries = history.computeIfAbsent(event.subjectId(), id -> new ArrayList<>());
            added = entries.stream().noneMatch(e -> e.eventId().equals(event.eventId()));
            if (added) {
                entries.add(HistoryEntry.of(event));
                entries.sort(Comparator.comparing(HistoryEntry::at));
                if (entries.size() > MAX_HISTORY_PER_ALERT) {
                    entries.remove(0);
                }
            }
        }
        if (added) {
            changed();
        }
    }

    void applyBinding(String deviceId, DeviceBinding binding) {
        if (binding == null) {
            bindings.remove(deviceId);
        } else if (boundedPut(bindings, deviceId)) {
            bindings.put(deviceId, binding);
        }
    }

    void applyDeviceStatus(String deviceId, DeviceStatus status) {
        if (status == null) {
            deviceStatus.remove(deviceId);
        } else if (boundedPut(deviceStatus, deviceId)) {
            deviceStatus.put(deviceId, status);
        }
    }

    void applyAdherence(AdherenceRecord record) {
        if (boundedPut(adherence, record.patientId())) {
            adherence.merge(record.patientId(), record, (known, next) -> next.day().isBefore(known.day()) ? known
                    : next);
        }
    }

    /** A settings version of a patient ({@code null}: a tombstone, the patient's settings removed). */
    public void applySettings(String patientId, PatientThresholds thresholds) {
        if (thresholds == null) {
            settings.remove(patientId);
            return;
        }
        if (!boundedPut(settings, patientId)) {
            return;
        }
        settings.compute(patientId, (id, known) -> {
            List<PatientThresholds> versions = new ArrayList<>(known == null ? List.of() : known);
            versions.removeIf(v -> v.version() == thresholds.version());
            versions.add(thresholds);
            versions.sort(Comparator.comparingInt(PatientThresholds::version).reversed());
            return List.copyOf(versions.subList(0, Math.min(versions.size(), MAX_SETTINGS_VERSIONS)));
        });
    }

    // ---- reads ----

    /** Every unresolved alert. */
    public List<Alert> unresolved() {
        return alerts.values().stream().filter(a -> a.state() != AlertState.RESOLVED).toList();
    }

    public Optional<Alert> alert(String alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    /** The patient's alerts, unresolved and recently resolved, newest change first. */
    public List<Alert> alertsOf(String patientId) {
        return alerts.values().stream().filter(a -> a.patientId().equals(patientId))
                .sorted(Comparator.comparing(Alert::updatedAt).reversed()).toList();
    }

    public Optional<Finding> news2(String patientId) {
        return Optional.ofNullable(news2.get(patientId));
    }

    /** The evidence readings of the alert's findings that are still known, oldest first. */
    public List<Evidence> evidence(Alert alert) {
        List<Evidence> out = new ArrayList<>();
        synchronized (findings) {
            for (String findingId : alert.findingIds()) {
                FindingEvidence found = findings.get(findingId);
                if (found != null) {
                    found.evidence().stream().filter(e -> !out.contains(e)).forEach(out::add);
                }
            }
        }
        out.sort(Comparator.comparing(Evidence::measuredAt));
        return out;
    }

    /** The evidence of the alert's latest finding still known: what triggered it most recently. */
    public List<Evidence> latestEvidence(Alert alert) {
        synchronized (findings) {
            for (int i = alert.findingIds().size() - 1; i >= 0; i--) {
                FindingEvidence found = findings.get(alert.findingIds().get(i));
                if (found != null && !found.evidence().isEmpty()) {
                    return found.evidence();
                }
            }
        }
        return List.of();
    }

    /** The personal settings version the alert's latest known finding was judged with, if any. */
    public Optional<String> overrideVersion(Alert alert) {
        synchronized (findings) {
            for (int i = alert.findingIds().size() - 1; i >= 0; i--) {
                FindingEvidence found = findings.get(alert.findingIds().get(i));
                if (found != null) {
                    return Optional.ofNullable(found.overrideVersion());
                }
            }
        }
        return Optional.empty();
    }

    /** The alert's history, oldest first. */
    public List<HistoryEntry> history(String alertId) {
        synchronized (history) {
            return List.copyOf(history.getOrDefault(alertId, List.of()));
        }
    }

    /** Who acknowledged the alert, if it is acknowledged: the latest acknowledgement in its history, else its actor. */
    public Optional<String> acknowledgedBy(Alert alert) {
        if (alert.state() != AlertState.ACKNOWLEDGED) {
            return Optional.empty();
        }
        List<HistoryEntry> entries = history(alert.alertId());
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).action().equals("alert.acknowledged")) {
                return Optional.of(entries.get(i).actor());
            }
        }
        return Optional.ofNullable(alert.actor()).filter(actor -> !actor.equals("system"));
    }

    /** The devices bound to the patient, by device id. */
    public List<DeviceBinding> devicesOf(String patientId) {
        return bindings.values().stream().filter(b -> b.patientId().equals(patientId))
                .sorted(Comparator.comparing(DeviceBinding::deviceId)).toList();
    }

    public Optional<DeviceStatus> deviceStatus(String deviceId) {
        return Optional.ofNullable(deviceStatus.get(deviceId));
    }

    public Optional<AdherenceRecord> adherence(String patientId) {
        return Optional.ofNullable(adherence.get(patientId));
    }

    /** The patient's settings versions, newest first. */
    public List<PatientThresholds> settings(String patientId) {
        return settings.getOrDefault(patientId, List.of());
    }

    /** The settings version in force at {@code at}: the highest version whose start is not after it. */
    public Optional<PatientThresholds> settingsInForce(String patientId, Instant at) {
        return settings(patientId).stream().filter(v -> !v.effectiveFrom().isAfter(at)).findFirst();
    }

    private void changed() {
        if (version.incrementAndGet() % 1_000 == 0) {
            pruneResolved();
        }
    }

    /** Drops alerts resolved more than {@link #RESOLVED_KEPT} ago. */
    void pruneResolved() {
        Instant before = clock.instant().minus(RESOLVED_KEPT);
        alerts.values().removeIf(a -> a.state() == AlertState.RESOLVED && a.updatedAt().isBefore(before));
    }

    /** True if the key is known or there is room for one more. */
    private static boolean boundedPut(Map<String, ?> map, String key) {
        return map.size() < MAX_KEYS || map.containsKey(key);
    }

    private static <V> LinkedHashMap<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
