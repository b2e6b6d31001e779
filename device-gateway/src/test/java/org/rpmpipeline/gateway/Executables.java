package org.rpmpipeline.gateway;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds programs on the PATH, for interop tests that drive tools we did not write. */
final class Executables {
    private Executables() {
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst()
                .or(() -> Optional.of(Path.of("/usr/sbin", name)).filter(Files::isExecutable));
    }
}
