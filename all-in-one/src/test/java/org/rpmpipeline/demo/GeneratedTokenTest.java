package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;

class GeneratedTokenTest {

    @Test
    void tokenIsAnAdminTokenInAFileOnlyItsOwnerCanRead() throws Exception {
        try (GeneratedToken generated = GeneratedToken.create()) {
            ApiTokens tokens = ApiTokens.load(generated.file(), "rpm.alerts.api.tokens-file");

            assertThat(tokens.authenticate("Bearer " + generated.token()))
                    .contains(new Principal(GeneratedToken.ACTOR, Role.ADMIN));
            assertThat(tokens.size()).isEqualTo(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated.file())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated.file().getParent())))
                    .isEqualTo("rwx------");
            // 256 random bits, base64url without padding
            assertThat(generated.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(generated.toString()).doesNotContain(generated.token());
        }
    }

    @Test
    void eachStartGetsItsOwnToken_andStoppingDeletesTheFile() {
        GeneratedToken first = GeneratedToken.create();
        GeneratedToken second = GeneratedToken.create();
        first.close();
        second.close();

        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(first.file()).doesNotExist();
        assertThat(first.file().getParent()).doesNotExist();
    }
}
