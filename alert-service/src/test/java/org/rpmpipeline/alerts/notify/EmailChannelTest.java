package org.rpmpipeline.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.embedded.FreePort;

class EmailChannelTest {
    private static final Instant NOW = Instant.parse("2026-03-15T08:31:00Z");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Test
    void sendsAMinimalEmailWithAnAlertLinkAndNoClinicalContent() throws Exception {
        EmailChannel channel = channel(SMTP.getSmtp().getPort());
        Alert alert = new Alert(1, "alert-1", "pat-secret", "spo2-low", Severity.CRITICAL, AlertState.OPEN,
                List.of("f-1"), new BigDecimal("84"), "SpO2 below 85 %", NOW, NOW, "system");
        String text = channel.text(alert, Reason.OPENED);

        channel.send(new Notification(1, "n-1", "alert-1", "pat-secret", "email", "nurse@ward.example", 
                Severity.CRITICAL, text, NOW));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("nurse@ward.example");
        assertThat(received[0].getSubject()).isEqualTo("[RPM] CRITICAL alert");
        String body = GreenMailUtil.getBody(received[0]);
        assertThat(body).contains("https://rpm.example.org/alerts/alert-1")
                .doesNotContain("pat-secret", "spo2", "SpO2", "84");
    }

    @Test
    void theMessageIdComesFromTheNotificationId_soARepeatCarriesTheSameOne() throws Exception {
        EmailChannel channel = channel(SMTP.getSmtp().getPort());
        Notification notification = new Notification(1, "6f1c1c4e-7b8a-3c52-9a57-2f0d6f0c1b2a", "alert-1", "pat-1",
                "email", "nurse@ward.example", Severity.HIGH, "HIGH alert alert-1", NOW);

        channel.send(notification);
        channel.send(notification);

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received).extracting(MimeMessage::getMessageID).containsOnly(
                "<6f1c1c4e-7b8a-3c52-9a57-2f0d6f0c1b2a@example.org>");
        assertThat(received[0].getHeader("X-Rpm-Notification-Id")).containsExactly(
                "6f1c1c4e-7b8a-3c52-9a57-2f0d6f0c1b2a");
    }

    @Test
    void acceptsOnlyEmailAddresses() {
        EmailChannel channel = channel(SMTP.getSmtp().getPort());

        assertThat(channel.accepts("nurse@ward.example")).isTrue();
        assertThat(channel.accepts("nurse-desk")).isFalse();
    }

    @Test
    void unreachableServerFailsTheSend() {
        EmailChannel channel = channel(FreePort.pick());

        assertThatThrownBy(() -> channel.send(new Notification(1, "n-1", "alert-1", null, "email", "a@b.example",
                Severity.HIGH, "x", NOW))).isInstanceOf(NotificationException.class);
    }

    private static EmailChannel channel(int port) {
        return new EmailChannel("127.0.0.1", port, false, Optional.empty(), Optional.empty(), "rpm@example.org",
                "https://rpm.example.org/alerts/", 5000);
    }
}
