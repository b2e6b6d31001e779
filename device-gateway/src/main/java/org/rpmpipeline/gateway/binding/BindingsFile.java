package org.rpmpipeline.gateway.binding;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.YamlTree;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads device bindings from a file: CSV ({@code .csv}) with the header {@code deviceId,patientId} and optional
 * columns {@code validFrom,validTo,kind}, or YAML ({@code .yaml}/{@code .yml}) holding a list of maps with the
 * same keys. Instants are ISO-8601 UTC. A bad line fails the whole file, and every bad line is reported at once,
 * each as {@code file:line: problem} (the first {@value #MAX_REPORTED}, then how many more): a half-loaded bindings
 * file would silently reject devices.
 */
public final class BindingsFile {
    /** Bad lines listed one by one; past this many, the rest are counted. */
    static final int MAX_REPORTED = 50;

    private BindingsFile() {
    }

    /**
     * The bindings in {@code file}.
     *
     * @throws ConfigException listing every bad line (or why the file cannot be read at all)
     */
    public static List<DeviceBinding> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".csv")) {
                return readCsv(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(file);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException("bindings file " + file + " cannot be read: " + e.getMessage());
        }
        throw new ConfigException("bindings file " + file + " must end in .csv, .yaml or .yml");
    }

    private static List<DeviceBinding> readCsv(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setCommentMarker('#').get();
        Problems problems = new Problems(file);
        List<DeviceBinding> bindings = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); CSVParser parser = CSVParser.parse(reader, format)) {
            for (String required : List.of("deviceId", "patientId")) {
                if (!parser.getHeaderMap().containsKey(required)) {
                    problems.add(1, "header must name " + required + ", was " + parser.getHeaderNames());
                }
            }
            problems.throwIfAny();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // malformed CSV (e.g. an unclosed quote): nothing after it can be trusted
                    problems.add(parser.getCurrentLineNumber(), "not valid CSV: " + e.getMessage());
                    break;
                }
                long line = parser.getCurrentLineNumber();
                binding(problems, line, column(record, "deviceId"), column(record, "patientId"),
                        column(record, "validFrom"), column(record, "validTo"), column(record, "kind"),
                        bindings);
            }
        }
        problems.throwIfAny();
        return bindings;
    }

    private static String column(CSVRecord record, String name) {
        if (!record.isMapped(name) || !record.isSet(name)) {
            return null;
        }
        String value = record.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static List<DeviceBinding> readYaml(Path file) throws IOException {
        Problems problems = new Problems(file);
        YamlTree tree;
        try {
            tree = YamlTree.parse(Files.readString(file));
        } catch (YAMLException e) {
            problems.add(0, "not valid YAML: " + e.getMessage());
            throw problems.exception();
        }
        Object root = tree.root();
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof List<?> list)) {
            problems.add(tree.line(root), "must hold a YAML list of bindings");
            throw problems.exception();
        }
        List<DeviceBinding> bindings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int line = tree.line(list, i);
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problems.add(line, "entry " + (i + 1) + " must be a map with deviceId and patientId");
                continue;
            }
            binding(problems, line, text(map.get("deviceId")), text(map.get("patientId")),
                    text(map.get("validFrom")), text(map.get("validTo")), text(map.get("kind")), bindings);
        }
        problems.throwIfAny();
        return bindings;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        // YAML turns an unquoted timestamp into a Date
        return value instanceof Date date ? date.toInstant().toString() : String.valueOf(value);
    }

    private static void binding(Problems problems, long line, String deviceId, String patientId, String validFrom,
            String validTo, String kind, List<DeviceBinding> bindings) {
        try {
            bindings.add(new DeviceBinding(Schema.VERSION, deviceId, patientId, instant("validFrom", validFrom),
                    instant("validTo", validTo), kind));
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            problems.add(line, e.getMessage());
        }
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 UTC instant such as "
                    + "2026-01-01T00:00:00Z, was \"" + text + "\"", e);
        }
    }

    /** The bad lines of one file, each {@code file:line: problem}. */
    private static final class Problems {
        private final Path file;
        private final List<String> lines = new ArrayList<>();
        private int count;

        Problems(Path file) {
            this.file = file;
        }

        void add(long line, String problem) {
            count++;
            if (lines.size() < MAX_REPORTED) {
                lines.add(file + (line > 0 ? ":" + line : "") + ": " + problem);
            }
        }

        void throwIfAny() {
            if (count > 0) {
                throw exception();
            }
        }

        ConfigException exception() {
            List<String> all = new ArrayList<>(lines);
            if (count > lines.size()) {
                all.add(file + ": " + (count - lines.size()) + " more bad lines not listed");
            }
            return new ConfigException("invalid bindings in " + file, all);
        }
    }
}
