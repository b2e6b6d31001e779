package org.rpmpipeline.alerts.lifecycle;

import java.math.BigDecimal;
import java.util.Locale;
import org.rpmpipeline.contract.finding.Finding;

/**
 * Which of two values is the more extreme for a rule, i.e. the alert's peak. The direction comes from the
 * finding's {@code direction} detail ({@code low} or {@code high}) when the rule provides it, else from the rule
 * id ({@code spo2-low}, {@code heart-rate-high}); a rule with no known direction keeps the larger value.
 */
final class PeakPolicy {
    static final String DIRECTION_DETAIL = "direction";

    private PeakPolicy() {
    }

    static BigDecimal peak(BigDecimal current, Finding finding) {
        BigDecimal candidate = finding.computedValue();
        if (current == null) {
            return candidate;
        }
        if (candidate == null) {
            return current;
        }
        boolean lowIsWorse = lowIsWorse(finding);
        int cmp = candidate.compareTo(current);
        return (lowIsWorse ? cmp < 0 : cmp > 0) ? candidate : current;
    }

    static boolean lowIsWorse(Finding finding) {
        String direction = finding.details().get(DIRECTION_DETAIL);
        if (direction != null) {
            return direction.trim().toLowerCase(Locale.ROOT).equals("low");
        }
        String rule = finding.ruleId().toLowerCase(Locale.ROOT);
        return rule.contains("low") || rule.contains("hypo") || rule.contains("brady") || rule.contains("desat");
    }
}
