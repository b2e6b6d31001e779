package org.rpmpipeline.alerts.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;

/**
 * A patient's current NEWS2 as its latest finding states it: aggregate, clinical response level, sub-scores
 * with the age of each parameter, and the parameters not measured (then the aggregate is a lower bound).
 *
 * @param levelRank 4 emergency, 3 urgent, 2 a single red score, 1 incomplete set to review, 0 no trigger
 */
public record News2View(int aggregate, String level, int levelRank, boolean lowerBound, String parameters,
        List<SubScore> subScores, List<String> missing, String oxygen, Instant asOf, boolean active) {

    /** One parameter's score. */
    public record SubScore(String parameter, String score, String age) {
    }

    public static Optional<News2View> of(Optional<Finding> finding) {
        return finding.filter(f -> f.computedValue() != null).map(News2View::of);
    }

    static News2View of(Finding finding) {
        Map<String, String> d = finding.details();
        String trigger = d.getOrDefault("trigger", "NONE");
        List<SubScore> scores = new ArrayList<>();
        for (String code : split(d.get("measured"))) {
            scores.add(new SubScore(Vitals.news2Parameter(code), d.getOrDefault("score." + code, "?"),
                    age(d.get("age." + code))));
        }
        List<String> missing = split(d.get("missing")).stream().map(Vitals::news2Parameter).toList();
        return new News2View(finding.computedValue().intValue(), level(trigger), rank(trigger),
                "true".equals(d.get("lowerBound")), d.getOrDefault("parameters", "?"), scores, missing,
                d.getOrDefault("oxygen", "unknown"), finding.windowEnd(), finding.status() == FindingStatus.ACTIVE);
    }

    /** The Chart 4 response level of a trigger name, in words. */
    static String level(String trigger) {
        return switch (trigger) {
            case "EMERGENCY" -> "emergency response";
            case "URGENT" -> "urgent response";
            case "RED_SCORE" -> "urgent ward-based response (a single red score)";
            case "INCOMPLETE" -> "incomplete: measure the missing parameters";
            default -> "no trigger";
        };
    }

    static int rank(String trigger) {
        return switch (trigger) {
            case "EMERGENCY" -> 4;
            case "URGENT" -> 3;
            case "RED_SCORE" -> 2;
            case "INCOMPLETE" -> 1;
            default -> 0;
        };
    }

    /** {@code PT12M30S} as {@code 12 min}; blank when unknown. */
    private static String age(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            java.time.Duration d = java.time.Duration.parse(iso);
            return Ago.of(Instant.EPOCH, Instant.EPOCH.plus(d)) + " old";
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
