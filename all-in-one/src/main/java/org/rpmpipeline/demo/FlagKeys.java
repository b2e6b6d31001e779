package org.rpmpipeline.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How {@code ./rpm stack} and {@code ./rpm demo} lay their flags over the services' configuration: each flag sets
 * one or more keys. A flag given on the command line wins; otherwise a key already set (environment variable,
 * {@code -D} system property, {@code RPM_CONFIG_FILE}) is kept; otherwise the flag's default applies.
 *
 * @param keysByFlag the keys each flag sets, by the flag's name, in the order the README's table lists them
 */
record FlagKeys(Map<String, List<String>> keysByFlag) {
    FlagKeys {
        keysByFlag = new LinkedHashMap<>(keysByFlag);
    }

    /** The flags' keys laid over {@code base} as described above. */
    Settings apply(Settings base, CommandSpec spec) {
        Map<String, String> given = new HashMap<>();
        Map<String, String> defaults = new HashMap<>();
        keysByFlag.forEach((flag, keys) -> {
            OptionSpec option = spec.findOption(flag);
            Object value = option.getValue();
            if (value == null) {
                return;
            }
            Map<String, String> target = given(spec, flag) ? given : defaults;
            keys.forEach(key -> target.put(key, value.toString()));
        });
        return base.withDefaults(defaults).with(given);
    }

    /**
     * What names the value of {@code key} in a message: the flag if it was given or nothing else set the key, the
     * key itself if it came from the configuration.
     */
    String nameOf(String key, Settings base, CommandSpec spec) {
        for (Map.Entry<String, List<String>> entry : keysByFlag.entrySet()) {
            if (entry.getValue().contains(key) && (given(spec, entry.getKey()) || base.raw(key).isEmpty())) {
                return entry.getKey();
            }
        }
        return Settings.describe(key);
    }

    /**
     * {@code problem} with each line about a key that a given flag set naming that flag first, e.g.
     * {@code --scenario (rpm.sim.scenario) must be one of ...}.
     */
    ConfigException naming(ConfigException problem, CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        boolean renamed = false;
        for (String line : problem.lines()) {
            String out = line;
            for (Map.Entry<String, List<String>> entry : keysByFlag.entrySet()) {
                for (String key : entry.getValue()) {
                    String described = Settings.describe(key);
                    if (given(spec, entry.getKey()) && line.startsWith(described)) {
                        out = entry.getKey() + " (" + key + ")" + line.substring(described.length());
                    }
                }
            }
            renamed |= !out.equals(line);
            lines.add(out);
        }
        if (!renamed) {
            return problem;
        }
        return lines.size() == 1 ? new ConfigException(lines.get(0)) : new ConfigException("invalid options", lines);
    }

    private static boolean given(CommandSpec spec, String flag) {
        return spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(flag);
    }
}
