package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;

class SessionsTest {
    private Instant now = Instant.parse("2026-03-15T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Principal nurse = new Principal("nurse-a", Role.CLINICIAN);

    @Test
    void create_givesAFreshRandomIdAndCsrfToken_andUseFindsIt() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12), 10);
        Sessions.Session one = sessions.create(nurse);
        Sessions.Session two = sessions.create(nurse);
        assertThat(one.id()).isNotEqualTo(two.id()).hasSize(43);
        assertThat(one.csrfToken()).isNotEqualTo(one.id()).hasSize(43);
        assertThat(sessions.use(one.id())).hasValueSatisfying(s -> assertThat(s.principal()).isEqualTo(nurse));
        assertThat(sessions.use("unknown")).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
        assertThat(one.toString()).doesNotContain(one.id()).doesNotContain(one.csrfToken());
    }

    @Test
    void aSessionEndsAfterTheIdleTimeout_butUseKeepsItAlive() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12), 10);
        String id = sessions.create(nurse).id();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(sessions.use(id)).isPresent();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(sessions.alive(id)).isTrue();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(sessions.alive(id)).isFalse();
        assertThat(sessions.use(id)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aSessionEndsAtItsMaximumAge_howeverBusy() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(1), 10);
        String id = sessions.create(nurse).id();
        for (int i = 0; i < 5; i++) {
            now = now.plus(Duration.ofMinutes(11));
            assertThat(sessions.use(id)).isPresent();
        }
        now = now.plus(Duration.ofMinutes(6));
        assertThat(sessions.use(id)).isEmpty();
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedSessionIsSignedOut() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12), 2);
        String first = sessions.create(nurse).id();
        String second = sessions.create(nurse).id();
        sessions.use(first);
        String third = sessions.create(nurse).id();
        assertThat(sessions.alive(first)).isTrue();
        assertThat(sessions.alive(second)).isFalse();
        assertThat(sessions.alive(third)).isTrue();
        sessions.end(first);
        assertThat(sessions.alive(first)).isFalse();
    }
}
