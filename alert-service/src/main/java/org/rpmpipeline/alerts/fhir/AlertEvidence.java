package org.rpmpipeline.alerts.fhir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;

/**
 * The evidence Observations of each unresolved alert, so every rewrite of its DetectedIssue (a merge, an
 * acknowledgement) keeps them. In memory: after a restart an alert's DetectedIssue lists the evidence seen since.
 */
public final class AlertEvidence {
    private static final int MAX_PER_ALERT = 100;
    private final Map<String, Set<EvidenceRef>> byAlert = new ConcurrentHashMap<>();

    /** Adds {@code refs} to the alert's evidence and returns all of it, oldest first. */
    public List<EvidenceRef> add(String alertId, List<EvidenceRef> refs) {
        Set<EvidenceRef> set = byAlert.computeIfAbsent(alertId, id -> new LinkedHashSet<>());
        synchronized (set) {
            for (EvidenceRef ref : refs) {
                if (set.size() < MAX_PER_ALERT) {
                    set.add(ref);
                }
            }
            return List.copyOf(set);
        }
    }

    /** The alert's evidence, oldest first; empty if none is known. */
    public List<EvidenceRef> of(String alertId) {
        Set<EvidenceRef> set = byAlert.get(alertId);
        if (set == null) {
            return List.of();
        }
        synchronized (set) {
            return List.copyOf(set);
        }
    }

    public void forget(String alertId) {
        byAlert.remove(alertId);
    }
}
