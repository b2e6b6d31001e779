package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The threshold rules a patient's limits can replace, with their default bands, from the {@code rules} of the
 * contract's clinical reference file (the stream processor's bundled rules): what the settings editor offers and
 * the patient page draws. A deployment that gives the processor its own rules file has its own bands; the
 * console still shows the bundled ones for rules the patient has no personal limits for.
 */
public final class ThresholdRules {
    private final List<Rule> rules;

    /** A threshold rule: its id, what it watches and its default bands. */
    public record Rule(String id, String description, VitalType vital, List<BandOverride> bands) {
        public Rule {
            bands = List.copyOf(bands);
        }
    }

    ThresholdRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The bundled rules' threshold rules. */
    public static ThresholdRules bundled() {
        return of(ClinicalReference.bundled().defaultRules());
    }

    /** The threshold rules among parsed YAML rules (mappings with {@code kind: threshold}). */
    static ThresholdRules of(List<Object> parsed) {
        List<Rule> rules = new ArrayList<>();
        for (Object entry : parsed) {
            if (!(entry instanceof Map<?, ?> rule) || !"threshold".equals(rule.get("kind"))) {
                continue;
            }
            List<BandOverride> bands = new ArrayList<>();
            if (rule.get("bands") instanceof List<?> list) {
                for (Object b : list) {
                    if (b instanceof Map<?, ?> band) {
                        bands.add(new BandOverride(Severity.fromCode(String.valueOf(band.get("severity"))),
                                String.valueOf(band.get("operator")), new BigDecimal(String.valueOf(band.get("value")))));
                    }
                }
            }
            rules.add(new Rule(String.valueOf(rule.get("id")), String.valueOf(rule.get("description")),
                    VitalType.fromCode(String.valueOf(rule.get("vital"))), bands));
        }
        return new ThresholdRules(rules);
    }

    public List<Rule> all() {
        return rules;
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The rules watching {@code vital}. */
    public List<Rule> of(VitalType vital) {
        return rules.stream().filter(r -> r.vital() == vital).toList();
    }

    /**
     * The bands in force for {@code rule} under {@code settings} (the patient's personal bands if it replaces
     * them, else the defaults).
     */
    public static List<BandOverride> bandsInForce(Rule rule, Optional<PatientThresholds> settings) {
        return settings.flatMap(s -> s.thresholds().stream().filter(t -> t.ruleId().equals(rule.id())).findFirst())
                .map(ThresholdOverride::bands).orElse(rule.bands());
    }

    /** True if the settings replace the bands of {@code rule}. */
    public static boolean personal(Rule rule, Optional<PatientThresholds> settings) {
        return settings.map(s -> s.thresholds().stream().anyMatch(t -> t.ruleId().equals(rule.id()))).orElse(false);
    }
}
