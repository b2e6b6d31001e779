package org.rpmpipeline.alerts.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.Notification;

/**
 * Sends notifications by SMTP (Jakarta Mail, Angus implementation) to recipients that are email addresses.
 * Email leaves the care setting, so the text is minimal: severity, alert id and a link to the alert, never the
 * rule, values or patient. STARTTLS (required when enabled) and SMTP authentication are options. The
 * {@code Message-ID} is derived from the notification id ({@link #messageId}), as is {@code X-Rpm-Notification-Id}.
 */
public final class EmailChannel implements NotificationChannel {
    public static final String NAME = "email";
    private static final int ATTEMPTS = 3;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final Session session;
    private final InternetAddress from;
    private final String alertLinkBase;

    /**
     * @param alertLinkBase prefix of the link to an alert, e.g. {@code https://rpm.example.org/alerts/}; may be
     *     {@code null}
     */
    public EmailChannel(String host, int port, boolean startTls, Optional<String> username,
            Optional<String> password, String from, String alertLinkBase, int timeoutMillis) {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", Integer.toString(timeoutMillis));
        props.put("mail.smtp.timeout", Integer.toString(timeoutMillis));
        props.put("mail.smtp.writetimeout", Integer.toString(timeoutMillis));
        if (startTls) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        Authenticator authenticator = null;
        if (username.isPresent()) {
            props.put("mail.smtp.auth", "true");
            PasswordAuthentication credentials = new PasswordAuthentication(username.get(), password.orElse(""));
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return credentials;
                }
            };
        }
        this.session = Session.getInstance(props, authenticator);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("invalid sender address", e);
        }
        this.alertLinkBase = alertLinkBase;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(String recipient) {
        return recipient != null && ADDRESS.matcher(recipient).matches();
    }

    @Override
    public String text(Alert alert, Reason reason) {
        return NotificationText.minimal(alert, alertLinkBase == null ? null : alertLinkBase + alert.alertId());
    }

    /** Sends, trying up to three times: SMTP relays refuse transiently (greylisting, 4xx). */
    @Override
    public void send(Notification notification) throws NotificationException {
        NotificationException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                sendOnce(notification);
                return;
            } catch (NotificationException e) {
                last = e;
            }
        }
        throw last;
    }

    private void sendOnce(Notification notification) throws NotificationException {
        try {
            MimeMessage message = new StableIdMessage(session, messageId(notification));
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(notification.recipient(), true));
            message.setSubject("[RPM] " + notification.severity().name().toUpperCase(Locale.ROOT) + " alert");
            message.setText("A remote-monitoring alert needs attention.\n\n" + notification.text()
                    + "\n\nNotification " + notification.notificationId() + "\n", "UTF-8");
            message.setSentDate(Date.from(notification.sentAt()));
            message.setHeader("X-Rpm-Notification-Id", notification.notificationId());
            Transport.send(message);
        } catch (MessagingException e) {
            throw new NotificationException("email not sent: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The {@code Message-ID} of a notification's email: {@code <notification id@sender's domain>}, the same on
     * every attempt and on a repeat after a crash, so a mailbox or a receiving system can tell a repeat.
     */
    String messageId(Notification notification) {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return "<" + notification.notificationId() + "@" + (domain.isEmpty() ? "localhost" : domain) + ">";
    }

    /** A message whose {@code Message-ID} is given, not generated anew on each save. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
