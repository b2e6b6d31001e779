package org.rpmpipeline.processor.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;

/**
 * Assembles a {@link Finding} for a rule. {@link #build} derives the id from the finding's whole content, so two
 * different findings never share an id and a re-run reproduces it; {@link #buildOncePerEpisode} derives it from
 * rule, patient, window start and status, for findings a rule emits at most once per episode and status whose
 * content depends on the wall clock.
 */
final class FindingDraft {
    private final Rule rule;
    private final String patientId;
    private final FindingStatus status;
    private final Map<String, String> details = new LinkedHashMap<>();
    private Severity severity;
    private List<String> deviceIds = List.of();
    private Instant windowStart;
    private Instant windowEnd;
    private List<Evidence> evidence = List.of();
    private BigDecimal computedValue;
    private String summary;
    private boolean late;

    private FindingDraft(Rule rule, String patientId, FindingStatus status) {
        this.rule = rule;
        this.patientId = patientId;
        this.status = status;
    }

    static FindingDraft active(Rule rule, String patientId) {
        return new FindingDraft(rule, patientId, FindingStatus.ACTIVE);
    }

    static FindingDraft resolved(Rule rule, String patientId) {
        return new FindingDraft(rule, patientId, FindingStatus.RESOLVED);
    }

    FindingDraft severity(Severity value) {
        severity = value;
        return this;
    }

    FindingDraft devices(List<String> value) {
        deviceIds = value.stream().distinct().toList();
        return this;
    }

    FindingDraft window(Instant start, Instant end) {
        windowStart = start;
        windowEnd = end;
        return this;
    }

    FindingDraft evidence(List<Evidence> value) {
        evidence = value;
        return this;
    }

    FindingDraft value(BigDecimal value) {
        computedValue = value;
        return this;
    }

    FindingDraft summary(String value) {
        summary = value;
        return this;
    }

    FindingDraft late(boolean value) {
        late = value;
        return this;
    }

    FindingDraft detail(String key, Object value) {
        if (value != null) {
            details.put(key, String.valueOf(value));
        }
        return this;
    }

    Finding build(Instant detectedAt) {
        return finding("", detectedAt).withContentId();
    }

    Finding buildOncePerEpisode(Instant detectedAt) {
        return finding(Finding.idFor(rule.id(), patientId, windowStart, status), detectedAt);
    }

    private Finding finding(String id, Instant detectedAt) {
        return new Finding(Schema.VERSION, id, rule.id(), rule.version(), severity, status, patientId, deviceIds,
                windowStart, windowEnd, evidence, computedValue, summary, detectedAt, late, details);
    }
}
