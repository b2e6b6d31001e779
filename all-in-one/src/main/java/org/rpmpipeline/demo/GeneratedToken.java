package org.rpmpipeline.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API token {@code ./rpm stack} makes for itself when it is given no tokens file: 256 random bits, role
 * {@code admin}, written as a one-line tokens file readable by this user only ({@code 0600}, in a {@code 0700}
 * directory) and deleted when the stack stops. The stack prints it once at start.
 *
 * @param token the bearer token
 * @param file the tokens file the alert service reads ({@code rpm.alerts.api.tokens-file})
 */
public record GeneratedToken(String token, Path file) implements AutoCloseable {
    /** The actor the generated token's calls are audited as. */
    public static final String ACTOR = "stack-operator";

    public static GeneratedToken create() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path dir = posix
                    ? Files.createTempDirectory("rpm-stack-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("rpm-stack-");
            Path file = dir.resolve("api-tokens");
            if (posix) {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, token + " admin " + ACTOR + "\n", StandardCharsets.UTF_8);
            return new GeneratedToken(token, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's API token file", e);
        }
    }

    /** Deletes the tokens file and its directory. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    @Override
    public String toString() {
        return "GeneratedToken[token=****, file=" + file + "]";
    }
}
