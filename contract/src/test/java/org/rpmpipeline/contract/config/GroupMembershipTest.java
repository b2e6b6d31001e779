package org.rpmpipeline.contract.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

    @Test
    void withoutAnInstanceIdMembershipIsDynamicWithAFifteenSecondSession() {
        GroupMembership membership = GroupMembership.from(Settings.of(Map.of()), "rpm.processor");

        assertThat(membership.instanceId()).isEmpty();
        assertThat(membership.consumerProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "session.timeout.ms", 15_000,
                "heartbeat.interval.ms", 3_000));
    }

    @Test
    void anInstanceIdMakesTheConsumersStaticMembers() {
        GroupMembership membership = GroupMembership.from(Settings.of(Map.of(
                "RPM_ALERTS_INSTANCE_ID", "rpm-alert-service-0",
                "RPM_ALERTS_SESSION_TIMEOUT", "9s")), "rpm.alerts");

        assertThat(membership.instanceId()).contains("rpm-alert-service-0");
        assertThat(membership.consumerProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "group.instance.id", "rpm-alert-service-0",
                "session.timeout.ms", 9_000,
                "heartbeat.interval.ms", 3_000));
    }

    @Test
    void heartbeatIsAThirdOfAShortSessionTimeout() {
        GroupMembership membership = new GroupMembership(Optional.empty(), Duration.ofSeconds(6));

        assertThat(membership.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSessionTimeoutOutsideTheBrokersBoundsNamesTheKey() {
        Settings tooShort = Settings.of(Map.of("RPM_PROCESSOR_SESSION_TIMEOUT", "2s"));
        Settings tooLong = Settings.of(Map.of("RPM_PROCESSOR_SESSION_TIMEOUT", "1h"));

        assertThatThrownBy(() -> GroupMembership.from(tooShort, "rpm.processor"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_PROCESSOR_SESSION_TIMEOUT").hasMessageContaining("between 6s and 30m");
        assertThatThrownBy(() -> GroupMembership.from(tooLong, "rpm.processor"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_PROCESSOR_SESSION_TIMEOUT");
    }

    @Test
    void anInstanceIdWithCharactersKafkaIdsShouldNotHoldIsRefused() {
        Settings settings = Settings.of(Map.of("RPM_PROCESSOR_INSTANCE_ID", "pod 0/a"));

        assertThatThrownBy(() -> GroupMembership.from(settings, "rpm.processor"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RPM_PROCESSOR_INSTANCE_ID").hasMessageContaining("\"pod 0/a\"");
    }
}
