package org.rpmpipeline.alerts.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.contract.config.ConfigException;

class ApiTokensTest {
    @TempDir
    Path dir;

    @Test
    void loadsTokensRolesAndActors() throws Exception {
        ApiTokens tokens = ApiTokens.load(write("# comment\nt-view viewer dash-1\n\nt-nurse clinician nurse-3\n"),
                "rpm.alerts.api.tokens-file");

        assertThat(tokens.authenticate("Bearer t-nurse")).contains(new Principal("nurse-3", Role.CLINICIAN));
        assertThat(tokens.authenticate("bearer t-view")).contains(new Principal("dash-1", Role.VIEWER));
        assertThat(tokens.authenticate("Bearer wrong")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("Basic dXNlcjpwYXNz")).isEmpty();
    }

    @Test
    void withoutTokensNobodyIsKnown() {
        assertThat(ApiTokens.none().authenticate(null)).isEmpty();
        assertThat(ApiTokens.none().authenticate("Bearer anything")).isEmpty();
    }

    @Test
    void anonymousReadLetsCallersWithoutAHeaderInAsViewers_butNeverAWrongToken() {
        ApiAccess open = new ApiAccess(ApiTokens.none(), true);

        assertThat(open.authenticate(null)).contains(Principal.ANONYMOUS);
        assertThat(open.authenticate("Bearer guessed")).isEmpty();
        assertThat(Principal.ANONYMOUS.role().includes(Role.CLINICIAN)).isFalse();
        assertThat(open.closed()).isFalse();
        assertThat(new ApiAccess(ApiTokens.none(), false).authenticate(null)).isEmpty();
        assertThat(new ApiAccess(ApiTokens.none(), false).closed()).isTrue();
    }

    @Test
    void theServicesOwnTokenIsAddedBesideTheConfiguredOnes() throws Exception {
        ApiTokens tokens = ApiTokens.load(write("t-view viewer dash-1\n"), "rpm.alerts.api.tokens-file")
                .with("own", new Principal("alert-service", Role.ADMIN));

        assertThat(tokens.authenticate("Bearer own")).contains(new Principal("alert-service", Role.ADMIN));
        assertThat(tokens.authenticate("Bearer t-view")).contains(new Principal("dash-1", Role.VIEWER));
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(Role.ADMIN.includes(Role.CLINICIAN)).isTrue();
        assertThat(Role.CLINICIAN.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.CLINICIAN)).isFalse();
    }

    @Test
    void badLinesFailNamingTheKeyButNotTheToken() throws Exception {
        assertThatThrownBy(() -> ApiTokens.load(write("s3cret-token superuser bob\n"), "rpm.alerts.api.tokens-file"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RPM_ALERTS_API_TOKENS_FILE")
                .hasMessageContaining("line 1").hasMessageNotContaining("s3cret-token");
        assertThatThrownBy(() -> ApiTokens.load(write("only-two fields\n"), "rpm.alerts.api.tokens-file"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ApiTokens.load(write("# nothing\n"), "rpm.alerts.api.tokens-file"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no tokens");
    }

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "tokens", ".txt");
        Files.writeString(file, text);
        return file;
    }
}
