package org.rpmpipeline.gateway.binding;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads device bindings from a file: CSV ({@code .csv}) with the header {@code deviceId,patientId} and optional
 * columns {@code validFrom,validTo,kind}, or YAML ({@code .yaml}/{@code .yml}) holding a list of maps with the
 * same keys. Instants are ISO-8601 UTC. A bad line fails the whole file with its line or entry number: a
 * half-loaded bindings file would silently reject devices.
 */
public final class BindingsFile {
    private BindingsFile() {
    }

    public static List<DeviceBinding> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".csv")) {
                return readCsv(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYaml(file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read bindings file " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("bindings file " + file + " must end in .csv, .yaml or .yml");
    }

    private static List<DeviceBinding> readCsv(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setCommentMarker('#').get();
        List<DeviceBinding> bindings = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); CSVParser parser = CSVParser.parse(reader, format)) {
            for (String required : List.of("deviceId", "patientId")) {
                if (!parser.getHeaderMap().containsKey(required)) {
                    throw new IllegalArgumentException("bindings file " + file + ": header must name " + required
                            + ", was " + parser.getHeaderNames());
                }
            }
            for (CSVRecord record : parser) {
                String where = file + " line " + parser.getCurrentLineNumber();
                bindings.add(binding(where, column(record, "deviceId"), column(record, "patientId"),
                        column(record, "validFrom"), column(record, "validTo"), column(record, "kind")));
            }
        }
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
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException("bindings file " + file + " must hold a YAML list of bindings");
        }
        List<DeviceBinding> bindings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = file + " entry " + (i + 1);
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(where + ": must be a map with deviceId and patientId");
            }
            bindings.add(binding(where, text(map.get("deviceId")), text(map.get("patientId")),
                    text(map.get("validFrom")), text(map.get("validTo")), text(map.get("kind"))));
        }
        return bindings;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        // YAML turns an unquoted timestamp into a Date
        return value instanceof Date date ? date.toInstant().toString() : String.valueOf(value);
    }

    private static DeviceBinding binding(String where, String deviceId, String patientId, String validFrom,
            String validTo, String kind) {
        try {
            return new DeviceBinding(Schema.VERSION, deviceId, patientId, instant(validFrom), instant(validTo), kind);
        } catch (IllegalArgumentException | NullPointerException | DateTimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
