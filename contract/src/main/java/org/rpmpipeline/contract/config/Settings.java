package org.rpmpipeline.contract.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw configuration: a map whose keys are either property style ({@code rpm.mqtt.url}) or environment style
 * ({@code RPM_MQTT_URL}); the two name the same setting. Typed getters validate and throw
 * {@link ConfigException} naming both spellings of the key, so a bad value stops startup with a clear message.
 * Services turn this into their own config records once, at startup.
 */
public final class Settings {
    /** Property-style prefix of Kafka client settings passed through unchanged, e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Environment-style prefix of the same, e.g. {@code RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL}. */
    public static final String KAFKA_ENV_PREFIX = "RPM_KAFKA_PROPERTY_";
    /** Names a properties file whose entries are read below the environment and system properties. */
    public static final String CONFIG_FILE_KEY = "rpm.config.file";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Settings from a map; keys in either style. */
    public static Settings of(Map<String, String> values) {
        Map<String, String> normalized = new HashMap<>();
        values.forEach((key, value) -> {
            if (key != null && value != null) {
                normalized.put(normalize(key), value);
            }
        });
        return new Settings(normalized);
    }

    /**
     * The process's settings: a properties file named by {@code rpm.config.file} / {@code RPM_CONFIG_FILE}
     * (lowest), then environment variables, then {@code -D} system properties (highest).
     */
    public static Settings fromEnvironment() {
        Map<String, String> merged = new HashMap<>();
        Map<String, String> env = System.getenv();
        Map<String, String> sys = new HashMap<>();
        System.getProperties().forEach((k, v) -> sys.put(String.valueOf(k), String.valueOf(v)));
        Settings early = of(merge(env, sys));
        early.raw(CONFIG_FILE_KEY).ifPresent(file -> merged.putAll(readPropertiesFile(Path.of(file))));
        merged.putAll(env);
        merged.putAll(sys);
        return of(merged);
    }

    /** A copy with {@code overrides} on top. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        of(overrides).values.forEach(merged::put);
        return new Settings(merged);
    }

    /**
     * A copy with {@code defaults} beneath: a key that is set (not blank) keeps its value, any other takes the
     * default. How a command lays its own defaults under the environment.
     */
    public Settings withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new HashMap<>(of(defaults).values);
        values.forEach((key, value) -> {
            if (!value.isBlank()) {
                merged.put(key, value);
            }
        });
        return new Settings(merged);
    }

    /** The raw value, blank treated as absent. */
    public Optional<String> raw(String key) {
        String value = values.get(normalize(key));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String key, String defaultValue) {
        return raw(key).orElse(defaultValue);
    }

    public String requiredString(String key) {
        return raw(key).orElseThrow(() -> new ConfigException(describe(key) + " is required"));
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw invalid(key, "must be between " + min + " and " + max, raw.get());
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer", raw.get());
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, "must be true or false", raw.get());
        };
    }

    /** A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT5M}. */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return parseDuration(raw.get()).orElseThrow(
                () -> invalid(key, "must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT5M", raw.get()));
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT5M}; empty if the
     * text is none of these. The one duration syntax of every configuration and rules file.
     */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A URI whose scheme is one of {@code schemes}. */
    public URI uri(String key, String defaultValue, Set<String> schemes) {
        String text = string(key, defaultValue);
        if (text == null) {
            throw new ConfigException(describe(key) + " is required");
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                String allowed = String.join(" or ", new TreeSet<>(schemes));
                throw invalid(key, "must be a URI with scheme " + allowed, text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, "must be a URI", text);
        }
    }

    /** An existing readable file, if the key is set. */
    public Optional<Path> existingFile(String key) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(raw.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw invalid(key, "must name a readable file", raw.get());
        }
        return Optional.of(path);
    }

    /**
     * Kafka client settings passed through unchanged: {@code kafka.x.y} in property style, or
     * {@code RPM_KAFKA_PROPERTY_X_Y} in environment style (underscores become dots, lower case).
     */
    public Map<String, String> kafkaOverrides() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_ENV_PREFIX)) {
                out.put(key.substring(KAFKA_ENV_PREFIX.length()).replace('_', '.')
                        .toLowerCase(Locale.ROOT), value);
            }
        });
        return out;
    }

    /** A {@link ConfigException} for a value that is present but wrong. */
    public static ConfigException invalid(String key, String rule, String was) {
        return new ConfigException(describe(key) + " " + rule + ", was \"" + was + "\"");
    }

    /** Both spellings of a key: {@code RPM_MQTT_URL (rpm.mqtt.url)}. */
    public static String describe(String key) {
        return envName(key) + " (" + propertyName(key) + ")";
    }

    /** {@code rpm.mqtt.url} or {@code RPM_MQTT_URL} to {@code RPM_MQTT_URL}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String propertyName(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static String normalize(String key) {
        if (key.startsWith(KAFKA_PREFIX)) {
            return KAFKA_ENV_PREFIX + envName(key.substring(KAFKA_PREFIX.length()));
        }
        return envName(key);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new HashMap<>(a);
        out.putAll(b);
        return out;
    }

    private static Map<String, String> readPropertiesFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(describe(CONFIG_FILE_KEY) + " names an unreadable file \"" + file + "\": "
                    + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    @Override
    public String toString() {
        return "Settings" + new TreeMap<>(values).keySet();
    }
}
