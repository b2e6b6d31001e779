package org.rpmpipeline.backtest.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.rpmpipeline.contract.Ids;

/**
 * The {@code --patients} file: one opaque patient id per line; blank lines and lines starting with {@code #} are
 * skipped. A line that is not an opaque id stops the backtest with the file and line.
 */
public final class PatientsFile {
    /** Most patient ids a file may list. */
    public static final int MAX_PATIENTS = 1_000_000;
    /** Largest file accepted. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private PatientsFile() {
    }

    public static Set<String> load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("--patients: " + file + " is not a readable file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException("--patients: " + file + " is larger than 64 MiB");
            }
        } catch (IOException e) {
            throw new BadInputException("--patients: cannot read " + file + ": " + e.getMessage());
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), reader);
        } catch (IOException e) {
            throw new BadInputException("--patients: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The patient ids of {@code text} (e.g. typed into a form), with {@code source} naming it in errors. */
    public static Set<String> parse(String source, String text) {
        if (text.length() > MAX_BYTES) {
            throw new BadInputException("--patients: " + source + " is larger than 64 MiB");
        }
        try {
            return read(source, new BufferedReader(new StringReader(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> read(String file, BufferedReader reader) throws IOException {
        Set<String> ids = new HashSet<>();
        int lineNumber = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String id = line.strip();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                if (!Ids.isValid(id)) {
                    throw new BadInputException(file + ":" + lineNumber + ": not an opaque patient id (letters, "
                            + "digits and . _ : - only, at most 128 characters)");
                }
                ids.add(id);
                if (ids.size() > MAX_PATIENTS) {
                    throw new BadInputException(file + ":" + lineNumber + ": more than 1,000,000 patients");
                }
            }
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ":" + (lineNumber + 1) + ": not UTF-8 text");
        }
        if (ids.isEmpty()) {
            throw new BadInputException("--patients: " + file + " lists no patient");
        }
        return Set.copyOf(ids);
    }
}
