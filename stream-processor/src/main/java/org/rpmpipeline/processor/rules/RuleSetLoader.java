package org.rpmpipeline.processor.rules;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.config.YamlTree;
import org.rpmpipeline.contract.finding.Severity;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates a YAML rules file. Validation is strict: unknown fields, unknown kinds, a unit that is not
 * the vital's UCUM unit and a number without a {@code source} are all errors, each reported with the rule id and
 * the field, and every problem in the file is reported at once.
 */
public final class RuleSetLoader {
    /** Where the bundled rules come from: the {@code rules} of the contract's clinical reference file. */
    public static final String DEFAULT_ORIGIN = "classpath:" + ClinicalReference.BUNDLED + " (rules)";

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> TOP_FIELDS = Set.of("schemaVersion", "rules");
    private static final Set<String> COMMON = Set.of("id", "kind", "version", "description");
    private static final Set<String> THRESHOLD_FIELDS = with("vital", "unit", "bands");
    private static final Set<String> BAND_FIELDS = Set.of("severity", "operator", "value", "source");
    private static final Set<String> SUSTAINED_FIELDS = with("vital", "unit", "operator", "value", "min-duration",
            "max-gap", "min-samples", "severity", "source");
    private static final Set<String> TREND_FIELDS =
            with("vital", "unit", "window", "operator", "change", "severity", "source");
    private static final Set<String> NEWS2_FIELDS = with("freshness", "spo2-scale", "incomplete-review-from",
            "source");
    private static final Set<String> NO_DATA_FIELDS = with("silence", "severity", "source");
    private static final Set<String> ADHERENCE_FIELDS =
            with("period-days", "required-days", "severity", "source");
    private static final List<String> KINDS =
            List.of("threshold", "sustained", "trend", "news2", "no-data", "adherence");

    private RuleSetLoader() {
    }

    /**
     * The bundled default rules: the {@code rules} list of the contract's clinical reference file, where every
     * clinical number of the pipeline is cited in one place.
     */
    public static RuleSet loadDefault() {
        return parseTree(Map.of("schemaVersion", 1, "rules", ClinicalReference.bundled().defaultRules()),
                DEFAULT_ORIGIN);
    }

    /** The rules in {@code file}. */
    public static RuleSet load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new RuleSetException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
    }

    /**
     * The rules in {@code yaml}; {@code origin} names the source in error messages, which give the line of each
     * problem ({@code rules.yaml:14: rule spo2-low: ...}).
     */
    public static RuleSet parse(String yaml, String origin) {
        YamlTree tree;
        try {
            tree = YamlTree.parse(yaml);
        } catch (YAMLException e) {
            throw new RuleSetException(origin, List.of("not valid YAML: " + e.getMessage()));
        }
        return validate(tree, origin);
    }

    /** The rules in a parsed YAML tree (mappings, lists, scalars) built in code: problems carry no line. */
    public static RuleSet parseTree(Object root, String origin) {
        return validate(YamlTree.of(root), origin);
    }

    private static RuleSet validate(YamlTree tree, String origin) {
        Object root = tree.root();
        if (!(root instanceof Map<?, ?> top)) {
            throw new RuleSetException(origin, List.of("the file must be a mapping with a \"rules\" list"));
        }
        RuleProblems problems = new RuleProblems(tree);
        RuleFields file = new RuleFields(top, "file: ", problems);
        file.expectOnly(TOP_FIELDS);
        if (file.has("schemaVersion") && !Integer.valueOf(1).equals(file.raw("schemaVersion"))) {
            file.problem("schemaVersion", "must be 1, was " + file.raw("schemaVersion"));
        }
        if (!(top.get("rules") instanceof List<?> rules) || rules.isEmpty()) {
            throw new RuleSetException(origin, List.of("file: rules: a non-empty list is required"));
        }
        List<Rule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> map)) {
                problems.add(rules, i, "rules[" + i + "]: must be a mapping");
                continue;
            }
            String where = map.get("id") instanceof String id ? "rule " + id : "rules[" + i + "]";
            int before = problems.size();
            Rule rule = rule(new RuleFields(map, where + ": ", problems), ids);
            if (problems.size() == before && rule != null) {
                parsed.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.exception(origin);
        }
        try {
            return new RuleSet(parsed);
        } catch (IllegalArgumentException e) {
            throw new RuleSetException(origin, List.of("file: rules: " + e.getMessage()));
        }
    }

    private static Rule rule(RuleFields f, Set<String> ids) {
        Object id = f.raw("id");
        if (!(id instanceof String s && RULE_ID.matcher(s).matches())) {
            f.problem("id", "must match " + RULE_ID.pattern() + ", was " + RuleFields.describe(id));
        } else if (!ids.add(s)) {
            f.problem("id", "duplicate id");
        }
        Object kind = f.raw("kind");
        if (!KINDS.contains(kind)) {
            f.problem("kind", "must be one of " + KINDS + ", was " + RuleFields.describe(kind));
            return null;
        }
        int version = f.positiveInt("version");
        String description = f.text("description");
        return switch ((String) kind) {
            case "threshold" -> threshold(f, version, description);
            case "sustained" -> sustained(f, version, description);
            case "trend" -> trend(f, version, description);
            case "news2" -> news2(f, version, description);
            case "no-data" -> noData(f, version, description);
            default -> adherence(f, version, description);
        };
    }

    private static Rule threshold(RuleFields f, int version, String description) {
        f.expectOnly(THRESHOLD_FIELDS);
        var vital = f.vitalWithUnit();
        List<Band> bands = new ArrayList<>();
        if (!(f.raw("bands") instanceof List<?> list) || list.isEmpty()) {
            f.problem("bands", "a non-empty list is required");
        } else {
            for (int b = 0; b < list.size(); b++) {
                String where = "bands[" + b + "]";
                if (list.get(b) instanceof Map<?, ?> map) {
                    RuleFields band = f.nested(map, where + ".");
                    band.expectOnly(BAND_FIELDS);
                    bands.add(new BandDraft(band.severity("severity"), band.comparison("operator"),
                            band.number("value"), band.text("source")).orNull());
                } else {
                    f.problem(where, "must be a mapping");
                }
            }
        }
        if (vital == null || description == null || bands.contains(null) || bands.isEmpty()) {
            return null;
        }
        return new ThresholdRule((String) f.raw("id"), version, description, vital, bands);
    }

    private static Rule sustained(RuleFields f, int version, String description) {
        f.expectOnly(SUSTAINED_FIELDS);
        var vital = f.vitalWithUnit();
        var comparison = f.comparison("operator");
        var value = f.number("value");
        var minDuration = f.duration("min-duration");
        var maxGap = f.duration("max-gap");
        int minSamples = f.positiveInt("min-samples");
        var severity = f.severity("severity");
        String source = f.text("source");
        return f.clean() ? new SustainedRule((String) f.raw("id"), version, description, vital, comparison, value,
                minDuration, maxGap, minSamples, severity, source) : null;
    }

    private static Rule trend(RuleFields f, int version, String description) {
        f.expectOnly(TREND_FIELDS);
        var vital = f.vitalWithUnit();
        var window = f.duration("window");
        var comparison = f.comparison("operator");
        var change = f.number("change");
        var severity = f.severity("severity");
        String source = f.text("source");
        return f.clean() ? new TrendRule((String) f.raw("id"), version, description, vital, window, comparison,
                change, severity, source) : null;
    }

    private static Rule news2(RuleFields f, int version, String description) {
        f.expectOnly(NEWS2_FIELDS);
        var freshness = f.duration("freshness");
        Object scale = f.has("spo2-scale") ? f.raw("spo2-scale") : Integer.valueOf(1);
        if (!Integer.valueOf(1).equals(scale) && !Integer.valueOf(2).equals(scale)) {
            f.problem("spo2-scale", "must be 1 or 2, was " + RuleFields.describe(scale));
        }
        Integer review = f.has("incomplete-review-from") ? f.positiveInt("incomplete-review-from") : null;
        String source = f.text("source");
        return f.clean() ? new News2Rule((String) f.raw("id"), version, description, freshness, (Integer) scale,
                review, null, source) : null;
    }

    private static Rule noData(RuleFields f, int version, String description) {
        f.expectOnly(NO_DATA_FIELDS);
        var silence = f.duration("silence");
        var severity = f.severity("severity");
        String source = f.text("source");
        return f.clean() ? new NoDataRule((String) f.raw("id"), version, description, silence, severity, source)
                : null;
    }

    private static Rule adherence(RuleFields f, int version, String description) {
        f.expectOnly(ADHERENCE_FIELDS);
        int periodDays = f.positiveInt("period-days");
        int requiredDays = f.positiveInt("required-days");
        if (periodDays > 0 && requiredDays > periodDays) {
            f.problem("required-days", "must not exceed period-days (" + periodDays + "), was " + requiredDays);
        }
        var severity = f.severity("severity");
        String source = f.text("source");
        return f.clean() ? new AdherenceRule((String) f.raw("id"), version, description, periodDays, requiredDays,
                severity, source) : null;
    }

    private static Set<String> with(String... fields) {
        Set<String> all = new HashSet<>(COMMON);
        all.addAll(List.of(fields));
        return Set.copyOf(all);
    }

    /** A band whose fields may have failed to parse. */
    private record BandDraft(Severity severity, Comparison comparison, BigDecimal value, String source) {
        Band orNull() {
            return severity == null || comparison == null || value == null || source == null ? null
                    : new Band(severity, comparison, value, source);
        }
    }
}
