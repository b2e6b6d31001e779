package org.rpmpipeline.contract.clinical;

import java.util.Map;
import java.util.Objects;

/**
 * The NEWS2 scoring chart (Royal College of Physicians, NEWS2, 2017, Chart 1) and its response triggers (Chart 4),
 * as read from the clinical reference file: a {@link ScoreRow} per measured parameter and the scores of the two
 * categorical ones (air or oxygen, consciousness).
 *
 * @param rows by name: {@code respiration-rate}, {@code spo2-scale-1}, {@code spo2-scale-2-on-air},
 *     {@code spo2-scale-2-on-oxygen}, {@code systolic-bp}, {@code pulse}, {@code temperature}
 * @param airScore / oxygenScore the "air or oxygen?" row
 * @param alertScore / notAlertScore consciousness: alert, or new confusion, voice, pain or unresponsive
 * @param singleParameterTrigger a single parameter scoring this much calls for an urgent ward-based response
 * @param urgentTrigger aggregate from which the response is urgent (the key threshold)
 * @param emergencyTrigger aggregate from which the response is an emergency
 */
public record News2Chart(Map<String, ScoreRow> rows, int airScore, int oxygenScore, int alertScore,
        int notAlertScore, int singleParameterTrigger, int urgentTrigger, int emergencyTrigger) {
    /** The rows the chart must have. */
    public static final java.util.List<String> ROWS = java.util.List.of("respiration-rate", "spo2-scale-1",
            "spo2-scale-2-on-air", "spo2-scale-2-on-oxygen", "systolic-bp", "pulse", "temperature");

    public News2Chart {
        rows = Map.copyOf(rows);
        for (String row : ROWS) {
            Objects.requireNonNull(rows.get(row), () -> "NEWS2 chart row " + row + " is missing");
        }
    }

    /** The row named {@code name}. */
    public ScoreRow row(String name) {
        ScoreRow row = rows.get(name);
        if (row == null) {
            throw new IllegalArgumentException("no NEWS2 chart row " + name + ", expected one of " + ROWS);
        }
        return row;
    }
}
