package org.rpmpipeline.alerts.fhir;

import java.math.BigDecimal;
import java.util.Locale;
import org.rpmpipeline.contract.finding.Finding;

/**
 * The clinical risk a NEWS2 score stands for (RCP 2017, Chart 4: aggregate 0-4 low, a single parameter scoring 3
 * low-medium, 5-6 medium, 7 or more high; shared DOMAIN.md 3.1), as a code of the R4 {@code risk-probability}
 * code system for {@code RiskAssessment.prediction.qualitativeRisk}: low, moderate (low-medium and medium), high.
 * Taken from the finding's {@code trigger} detail when the processor gives it, else from the aggregate score; a
 * resolved finding has the trigger {@code NONE}, so it is low.
 */
enum News2Risk {
    LOW("low", "Low likelihood", "low"),
    LOW_MEDIUM("moderate", "Moderate likelihood", "low-medium"),
    MEDIUM("moderate", "Moderate likelihood", "medium"),
    HIGH("high", "High likelihood", "high");

    private final String code;
    private final String display;
    private final String clinicalRisk;

    News2Risk(String code, String display, String clinicalRisk) {
        this.code = code;
        this.display = display;
        this.clinicalRisk = clinicalRisk;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    /** The RCP's name of the risk band, e.g. {@code low-medium}. */
    String clinicalRisk() {
        return clinicalRisk;
    }

    static News2Risk of(Finding finding) {
        String trigger = finding.details().get("trigger");
        if (trigger != null) {
            switch (trigger.toUpperCase(Locale.ROOT)) {
                case "EMERGENCY":
                    return HIGH;
                case "URGENT":
                    return MEDIUM;
                case "RED_SCORE":
                    return LOW_MEDIUM;
                case "NONE":
                    return LOW;
                default:
                    break;
            }
        }
        BigDecimal score = finding.computedValue();
        if (score == null) {
            return LOW;
        }
        if (score.compareTo(BigDecimal.valueOf(7)) >= 0) {
            return HIGH;
        }
        return score.compareTo(BigDecimal.valueOf(5)) >= 0 ? MEDIUM : LOW;
    }
}
