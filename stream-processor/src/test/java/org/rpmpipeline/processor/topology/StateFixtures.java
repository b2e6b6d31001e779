package org.rpmpipeline.processor.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Store records written by the build that retired format 2 of the stored state (src/test/resources/state/v2, see
 * its README): a processor that ran the bundled rules for six days. File names are {@code <key>.bin} for
 * {@code patient-state-store} and {@code <key>@<bucket start, epoch ms>.bin} for {@code reading-dedup-store}.
 */
final class StateFixtures {
    private StateFixtures() {
    }

    /** The records of {@code store} in format 2, by file name without {@code .bin}. */
    static Map<String, byte[]> formatTwo(String store) {
        try {
            Path dir = Path.of(StateFixtures.class.getResource("/state/v2/" + store).toURI());
            Map<String, byte[]> records = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    records.put(file.getFileName().toString().replace(".bin", ""), Files.readAllBytes(file));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
