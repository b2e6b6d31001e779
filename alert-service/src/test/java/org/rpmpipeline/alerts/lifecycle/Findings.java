package org.rpmpipeline.alerts.lifecycle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;

/** Findings for tests. */
public final class Findings {
    private Findings() {
    }

    public static Finding active(String patient, String rule, Severity severity, String value, Instant window) {
        return finding(patient, rule, severity, FindingStatus.ACTIVE, value, window, false, Map.of());
    }

    public static Finding resolved(String patient, String rule, Instant window) {
        return finding(patient, rule, Severity.MODERATE, FindingStatus.RESOLVED, null, window, false, Map.of());
    }

    public static Finding finding(String patient, String rule, Severity severity, FindingStatus status, String value,
            Instant window, boolean late, Map<String, String> details) {
        return new Finding(Schema.VERSION, Finding.idFor(rule, patient, window, status), rule, 1, severity, status,
                patient, List.of("dev-1"), window, window, List.of(), value == null ? null : new BigDecimal(value),
                "SpO2 below 92 %", window.plusSeconds(1), late, details);
    }
}
