package org.rpmpipeline.backtest.input;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetException;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A rules file given to the backtest, validated by the processor's own {@link RuleSetLoader}, so a file the
 * backtest accepts is one the processor accepts. A problem is reported on one line with the file and, where it
 * can be found, the line: of the YAML error, or of the {@code id:} of the rule the problem names.
 *
 * @param name the file name without directories (what the report shows), or {@link #BUNDLED_NAME}
 * @param sha256 the hex SHA-256 of the file's bytes: which exact file a report was made with
 */
public record RulesFile(String name, String sha256, RuleSet rules) {
    /** Largest rules file accepted. */
    public static final long MAX_BYTES = 1024 * 1024;
    /** The name the bundled rules go by in reports. */
    public static final String BUNDLED_NAME = "bundled default rules (clinical/clinical-reference.yaml)";

    private static final Pattern RULE_PROBLEM = Pattern.compile("^rule ([a-z0-9][a-z0-9-]*): ");
    private static final Pattern INDEX_PROBLEM = Pattern.compile("^rules\\[(\\d+)]: ");

    public RulesFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(rules, "rules");
    }

    /** The rules of {@code file}, named by {@code flag} in errors. */
    public static RulesFile load(String flag, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException(flag + ": " + file + " is not a readable file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(flag + ": " + file + " is larger than 1 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(flag + ": cannot read " + file + ": " + e.getMessage());
        }
        return parse(flag, file.toString(), String.valueOf(file.getFileName()), bytes);
    }

    /**
     * The rules in {@code bytes} (e.g. uploaded), with {@code source} naming them in errors and {@code name} in
     * reports; problems are reported as for a file.
     */
    public static RulesFile parse(String flag, String source, String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new BadInputException(flag + ": " + source + " is larger than 1 MiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(flag + ": " + source + " is not UTF-8 text");
        }
        checkSyntax(source, text);
        try {
            RuleSet rules = RuleSetLoader.parse(text, source);
            return new RulesFile(name, sha256(bytes), rules);
        } catch (RuleSetException e) {
            List<String> problems = e.problems();
            String first = problems.isEmpty() ? e.getMessage() : problems.get(0);
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
            throw new BadInputException(source + lineOf(text, first) + ": " + first + more);
        }
    }

    /**
     * The processor's bundled rules: the {@code rules} of the contract's clinical reference file. The digest is
     * of that whole file, since its NEWS2 chart also decides what the bundled NEWS2 rule scores.
     */
    public static RulesFile bundled() {
        try (var in = ClinicalReference.class.getResourceAsStream(ClinicalReference.BUNDLED)) {
            byte[] bytes = Objects.requireNonNull(in, "bundled clinical reference").readAllBytes();
            return new RulesFile(BUNDLED_NAME, sha256(bytes), RuleSetLoader.loadDefault());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled rules", e);
        }
    }

    private static void checkSyntax(String file, String text) {
        try {
            new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1);
            throw new BadInputException(file + where + ": not valid YAML: "
                    + Objects.requireNonNullElse(e.getProblem(), "syntax error"));
        } catch (YAMLException e) {
            throw new BadInputException(file + ": not valid YAML: " + e.getMessage());
        }
    }

    /** {@code :<line>} of the rule a problem names, or empty. */
    static String lineOf(String text, String problem) {
        Matcher rule = RULE_PROBLEM.matcher(problem);
        Matcher index = INDEX_PROBLEM.matcher(problem);
        String[] lines = text.split("\\R", -1);
        if (rule.find()) {
            Pattern id = Pattern.compile("^\\s*(-\\s+)?id:\\s*[\"']?" + Pattern.quote(rule.group(1)) + "[\"']?\\s*(#.*)?$");
            for (int i = 0; i < lines.length; i++) {
                if (id.matcher(lines[i]).matches()) {
                    return ":" + (i + 1);
                }
            }
        } else if (index.find()) {
            int wanted = Integer.parseInt(index.group(1));
            int seen = -1;
            boolean inRules = false;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].matches("^rules:\\s*(#.*)?$")) {
                    inRules = true;
                } else if (inRules && lines[i].matches("^\\s{0,4}-\\s.*") && ++seen == wanted) {
                    return ":" + (i + 1);
                }
            }
        }
        return "";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
