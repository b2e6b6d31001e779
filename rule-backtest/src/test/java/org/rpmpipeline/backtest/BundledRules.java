package org.rpmpipeline.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rpmpipeline.contract.clinical.ClinicalReference;

/**
 * The processor's bundled rules as the text of a rules file: the {@code rules} section of the contract's clinical
 * reference file, cut out as written (so tests can edit a band by its text), under {@code schemaVersion: 1}.
 */
public final class BundledRules {
    private BundledRules() {
    }

    /** A rules file holding exactly the bundled rules. */
    public static String yaml() {
        List<String> lines = reference().lines().toList();
        int start = lines.indexOf("rules:");
        if (start < 0) {
            throw new IllegalStateException(ClinicalReference.BUNDLED + " has no top-level rules: section");
        }
        StringBuilder out = new StringBuilder("schemaVersion: 1\n").append(lines.get(start)).append('\n');
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** {@link #yaml()} with {@code from} replaced once by {@code to}; fails if {@code from} is not in it. */
    public static String with(String from, String to) {
        String yaml = yaml();
        if (!yaml.contains(from)) {
            throw new IllegalStateException("the bundled rules no longer contain \"" + from + "\"");
        }
        return yaml.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    /** The whole clinical reference file, as bundled. */
    public static String reference() {
        try (InputStream in = ClinicalReference.class.getResourceAsStream(ClinicalReference.BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(ClinicalReference.BUNDLED + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
