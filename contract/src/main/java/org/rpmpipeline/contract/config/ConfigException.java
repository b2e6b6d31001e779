package org.rpmpipeline.contract.config;

import java.util.List;

/**
 * A configuration value or file is missing or invalid; startup stops on it (exit code 2). Each of its
 * {@link #lines()} names one problem and where it is: a key ({@code RPM_MQTT_URL (rpm.mqtt.url) ...}), a flag, or
 * a file and line ({@code devices.csv:7: ...}). A file with several bad lines gives one exception with every line.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> lines;

    /** One problem; the message names the key. */
    public ConfigException(String message) {
        super(message);
        this.lines = List.of(message);
    }

    /**
     * Several problems at once, e.g. every bad line of a file.
     *
     * @param summary what was being read, e.g. {@code invalid bindings in devices.csv}
     * @param lines one self-contained line per problem, each naming where it is
     */
    public ConfigException(String summary, List<String> lines) {
        super(summary + ":\n  " + String.join("\n  ", lines));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a configuration error needs at least one problem");
        }
        this.lines = List.copyOf(lines);
    }

    /** One line per problem, each naming its key, flag or file and line; what a command prints. */
    public List<String> lines() {
        return lines;
    }
}
