package org.rpmpipeline.contract.clinical;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.vital.VitalType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The clinical numbers of the pipeline, read from ONE cited data file so a clinical owner reviews one place:
 * the NEWS2 chart ({@link #news2()}), the stream processor's default rules ({@link #defaultRules()}, validated by
 * the processor's rules loader), the FHIR reference ranges ({@link #referenceRanges()}) and the gateway's
 * plausibility bounds ({@link #plausibility()}). The bundled file is {@link #BUNDLED}; every number in it has a
 * {@code source}. Parsing is strict and reports every problem at once.
 */
public final class ClinicalReference {
    /** The file shipped in the contract jar. */
    public static final String BUNDLED = "/clinical/clinical-reference.yaml";

    private static final Set<String> TOP = Set.of("schemaVersion", "news2", "rules", "reference-ranges",
            "plausibility");
    private static final Set<String> NEWS2 = Set.of("rows", "air-or-oxygen", "consciousness", "triggers");
    private static final Set<String> ROW = Set.of("vital", "resolution", "bands", "source");
    private static final Set<String> BAND = Set.of("min", "max", "score");
    private static final Set<String> AIR = Set.of("air", "oxygen", "source");
    private static final Set<String> CONSCIOUSNESS = Set.of("alert", "confusion-voice-pain-unresponsive", "source");
    private static final Set<String> TRIGGERS = Set.of("single-parameter", "urgent", "emergency", "source");
    private static final Set<String> RANGE = Set.of("critical-low", "low", "high", "critical-high", "source");
    private static final Set<String> PLAUSIBLE = Set.of("min", "max", "source");
    private static volatile ClinicalReference bundled;

    private final String origin;
    private final News2Chart news2;
    private final List<Object> defaultRules;
    private final Map<VitalType, ReferenceRange> referenceRanges;
    private final Map<VitalType, PlausibleRange> plausibility;

    private ClinicalReference(String origin, News2Chart news2, List<Object> defaultRules,
            Map<VitalType, ReferenceRange> referenceRanges, Map<VitalType, PlausibleRange> plausibility) {
        this.origin = origin;
        this.news2 = news2;
        this.defaultRules = defaultRules;
        this.referenceRanges = Collections.unmodifiableMap(new EnumMap<>(referenceRanges));
        this.plausibility = Collections.unmodifiableMap(new EnumMap<>(plausibility));
    }

    /** The bundled file, parsed once. */
    public static ClinicalReference bundled() {
        ClinicalReference reference = bundled;
        if (reference == null) {
            try (InputStream in = ClinicalReference.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("bundled clinical reference " + BUNDLED + " is missing");
                }
                reference = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + BUNDLED, e);
            }
            bundled = reference;
        }
        return reference;
    }

    /** The reference in {@code yaml}; {@code origin} names it in messages. */
    public static ClinicalReference parse(String yaml, String origin) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new ClinicalReferenceException(origin, List.of("not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        Fields top = Fields.of(root, "", problems);
        top.only(TOP);
        if (!Integer.valueOf(1).equals(top.raw("schemaVersion"))) {
            top.problem("schemaVersion", "must be 1");
        }
        News2Chart chart = news2(top.mapping("news2"), problems);
        List<Object> rules = top.raw("rules") instanceof List<?> list && !list.isEmpty()
                ? Collections.unmodifiableList(new ArrayList<>(list)) : null;
        if (rules == null) {
            top.problem("rules", "a non-empty list is required");
        }
        Map<VitalType, ReferenceRange> ranges = new EnumMap<>(VitalType.class);
        Fields rangeFields = top.mapping("reference-ranges");
        for (String key : rangeFields.keys()) {
            Fields f = rangeFields.mapping(key);
            f.only(RANGE);
            VitalType vital = rangeFields.vital(key);
            BigDecimal[] bounds = {f.optionalNumber("critical-low"), f.optionalNumber("low"),
                f.optionalNumber("high"), f.optionalNumber("critical-high")};
            String source = f.text("source");
            if (vital != null && source != null && f.ordered(bounds)) {
                ranges.put(vital, new ReferenceRange(bounds[0], bounds[1], bounds[2], bounds[3], source));
            }
        }
        Map<VitalType, PlausibleRange> plausible = new EnumMap<>(VitalType.class);
        Fields plausibleFields = top.mapping("plausibility");
        for (String key : plausibleFields.keys()) {
            Fields f = plausibleFields.mapping(key);
            f.only(PLAUSIBLE);
            VitalType vital = plausibleFields.vital(key);
            BigDecimal min = f.number("min");
            BigDecimal max = f.number("max");
            String source = f.text("source");
            if (vital != null && min != null && max != null && source != null
                    && f.ordered(new BigDecimal[] {min, max})) {
                plausible.put(vital, new PlausibleRange(min, max, source));
            }
        }
        if (!problems.isEmpty()) {
            throw new ClinicalReferenceException(origin, problems);
        }
        return new ClinicalReference(origin, chart, rules, ranges, plausible);
    }

    private static News2Chart news2(Fields f, List<String> problems) {
        f.only(NEWS2);
        Fields rowFields = f.mapping("rows");
        Map<String, ScoreRow> rows = new LinkedHashMap<>();
        for (String name : rowFields.keys()) {
            Fields row = rowFields.mapping(name);
            row.only(ROW);
            VitalType vital = row.vital("vital", row.raw("vital"));
            BigDecimal resolution = row.number("resolution");
            String source = row.text("source");
            List<ScoreBand> bands = bands(row, resolution);
            if (vital != null && resolution != null && source != null && bands != null) {
                rows.put(name, new ScoreRow(name, vital, resolution, bands, source));
            }
        }
        for (String required : News2Chart.ROWS) {
            if (!rowFields.keys().contains(required)) {
                rowFields.problem(required, "row is required");
            }
        }
        Fields air = f.mapping("air-or-oxygen");
        air.only(AIR);
        Fields consciousness = f.mapping("consciousness");
        consciousness.only(CONSCIOUSNESS);
        Fields triggers = f.mapping("triggers");
        triggers.only(TRIGGERS);
        int[] values = {air.score("air"), air.score("oxygen"), consciousness.score("alert"),
            consciousness.score("confusion-voice-pain-unresponsive"), triggers.score("single-parameter"),
            triggers.positive("urgent"), triggers.positive("emergency")};
        air.text("source");
        consciousness.text("source");
        triggers.text("source");
        if (values[5] > 0 && values[6] > 0 && values[5] >= values[6]) {
            triggers.problem("emergency", "must be above urgent (" + values[5] + ")");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new News2Chart(rows, values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }

    /** The bands of a row: in ascending order, contiguous at the resolution, open at both ends. */
    private static List<ScoreBand> bands(Fields row, BigDecimal resolution) {
        if (!(row.raw("bands") instanceof List<?> list) || list.isEmpty()) {
            row.problem("bands", "a non-empty list is required");
            return null;
        }
        List<ScoreBand> bands = new ArrayList<>();
        int before = row.problemCount();
        for (int i = 0; i < list.size(); i++) {
            Fields band = row.nested(list.get(i), "bands[" + i + "].");
            band.only(BAND);
            BigDecimal min = band.optionalNumber("min");
            BigDecimal max = band.optionalNumber("max");
            int score = band.score("score");
            String where = "bands[" + i + "]";
            if ((i == 0) != (min == null)) {
                row.problem(where, i == 0 ? "the first band has no min" : "min is required after the first band");
            }
            if ((i == list.size() - 1) != (max == null)) {
                row.problem(where, i == list.size() - 1 ? "the last band has no max"
                        : "max is required before the last band");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                row.problem(where, "min must not exceed max");
            }
            for (BigDecimal bound : new BigDecimal[] {min, max}) {
                if (bound != null && resolution != null && resolution.signum() > 0
                        && bound.remainder(resolution).signum() != 0) {
                    row.problem(where, bound.toPlainString() + " is not a multiple of the resolution "
                            + resolution.toPlainString());
                }
            }
            if (i > 0 && min != null && resolution != null && !bands.isEmpty() && bands.get(i - 1) != null
                    && bands.get(i - 1).max() != null
                    && min.compareTo(bands.get(i - 1).max().add(resolution)) != 0) {
                row.problem(where, "min must be the previous max plus the resolution ("
                        + bands.get(i - 1).max().add(resolution).toPlainString() + "): no gap, no overlap");
            }
            bands.add(new ScoreBand(min, max, score));
        }
        if (resolution != null && resolution.signum() <= 0) {
            row.problem("resolution", "must be positive");
        }
        return row.problemCount() == before ? bands : null;
    }

    /** Where this reference was read from. */
    public String origin() {
        return origin;
    }

    public News2Chart news2() {
        return news2;
    }

    /** The {@code rules} list as parsed YAML (mappings and lists), for the stream processor's rules loader. */
    public List<Object> defaultRules() {
        return defaultRules;
    }

    public Map<VitalType, ReferenceRange> referenceRanges() {
        return referenceRanges;
    }

    public Map<VitalType, PlausibleRange> plausibility() {
        return plausibility;
    }

    public Optional<PlausibleRange> plausibleRange(VitalType vital) {
        return Optional.ofNullable(plausibility.get(vital));
    }

    /** Typed reads of one mapping; a missing or wrong field becomes a problem naming its path. */
    private static final class Fields {
        private final Map<?, ?> map;
        private final String path;
        private final List<String> problems;

        private Fields(Map<?, ?> map, String path, List<String> problems) {
            this.map = map;
            this.path = path;
            this.problems = problems;
        }

        static Fields of(Object node, String path, List<String> problems) {
            if (node instanceof Map<?, ?> m) {
                return new Fields(m, path, problems);
            }
            problems.add((path.isEmpty() ? "file" : path.substring(0, path.length() - 1)) + ": a mapping is required");
            return new Fields(Map.of(), path, problems);
        }

        Fields mapping(String field) {
            if (!map.containsKey(field)) {
                problem(field, "is required");
                return new Fields(Map.of(), path + field + ".", problems);
            }
            return of(map.get(field), path + field + ".", problems);
        }

        Fields nested(Object node, String suffix) {
            return of(node, path + suffix, problems);
        }

        List<String> keys() {
            return map.keySet().stream().map(String::valueOf).toList();
        }

        Object raw(String field) {
            return map.get(field);
        }

        int problemCount() {
            return problems.size();
        }

        void problem(String field, String message) {
            problems.add(path + field + ": " + message);
        }

        void only(Set<String> known) {
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    problem(String.valueOf(key), "unknown field (known: " + known.stream().sorted().toList() + ")");
                }
            }
        }

        String text(String field) {
            if (map.get(field) instanceof String s && !s.isBlank()) {
                return s.trim();
            }
            problem(field, "a non-empty text is required (every number needs its source)");
            return null;
        }

        BigDecimal number(String field) {
            if (map.get(field) instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            problem(field, "a number is required, was " + describe(map.get(field)));
            return null;
        }

        BigDecimal optionalNumber(String field) {
            return map.containsKey(field) ? number(field) : null;
        }

        int score(String field) {
            if (map.get(field) instanceof Integer n && n >= 0 && n <= 3) {
                return n;
            }
            problem(field, "a score 0-3 is required, was " + describe(map.get(field)));
            return -1;
        }

        int positive(String field) {
            if (map.get(field) instanceof Integer n && n > 0) {
                return n;
            }
            problem(field, "a positive integer is required, was " + describe(map.get(field)));
            return -1;
        }

        VitalType vital(String field) {
            return vital(field, field);
        }

        VitalType vital(String field, Object code) {
            try {
                VitalType vital = VitalType.fromCode(String.valueOf(code));
                if (vital.isPanel()) {
                    problem(field, vital.code() + " is a panel; name a component");
                    return null;
                }
                return vital;
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                return null;
            }
        }

        /** True if the present bounds ascend; else a problem. */
        boolean ordered(BigDecimal[] bounds) {
            BigDecimal previous = null;
            for (BigDecimal bound : bounds) {
                if (bound == null) {
                    continue;
                }
                if (previous != null && previous.compareTo(bound) > 0) {
                    problems.add(path.substring(0, Math.max(0, path.length() - 1)) + ": bounds must ascend");
                    return false;
                }
                previous = bound;
            }
            if (previous == null) {
                problems.add(path.substring(0, Math.max(0, path.length() - 1)) + ": at least one bound is needed");
                return false;
            }
            return true;
        }

        private static String describe(Object value) {
            return value == null ? "missing" : "\"" + value + "\"";
        }
    }
}
