package org.rpmpipeline.alerts;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;

/**
 * The email channel.
 *
 * @param host SMTP host
 * @param port SMTP port
 * @param startTls require STARTTLS
 * @param username SMTP user, if the server needs authentication
 * @param password read from a file
 * @param from sender address
 * @param alertLinkBase prefix of the alert link put in emails (the alert id is appended), if any
 * @param timeout connect/read/write timeout
 */
public record EmailSettings(String host, int port, boolean startTls, Optional<String> username,
        Optional<String> password, String from, String alertLinkBase, Duration timeout) {
    public static final String HOST = "rpm.alerts.smtp.host";
    public static final String PORT = "rpm.alerts.smtp.port";
    public static final String STARTTLS = "rpm.alerts.smtp.starttls";
    public static final String USERNAME = "rpm.alerts.smtp.username";
    public static final String PASSWORD_FILE = "rpm.alerts.smtp.password-file";
    public static final String FROM = "rpm.alerts.smtp.from";
    public static final String ALERT_LINK_BASE = "rpm.alerts.smtp.alert-link-base";
    public static final String TIMEOUT = "rpm.alerts.smtp.timeout";
    /** The sender when none is configured; set a real one for relays that check it. */
    public static final String DEFAULT_FROM = "rpm-alerts@localhost";

    static EmailSettings from(Settings settings) {
        Optional<String> password = settings.existingFile(PASSWORD_FILE).map(file -> {
            try {
                return Files.readString(file).trim();
            } catch (IOException e) {
                throw new ConfigException(Settings.describe(PASSWORD_FILE) + " cannot be read: " + e.getMessage());
            }
        });
        String from = settings.string(FROM, DEFAULT_FROM);
        if (!from.contains("@")) {
            throw Settings.invalid(FROM, "must be an email address", from);
        }
        return new EmailSettings(settings.requiredString(HOST), settings.integer(PORT, 25, 1, 65535),
                settings.bool(STARTTLS, false), settings.raw(USERNAME), password, from,
                settings.raw(ALERT_LINK_BASE).orElse(null), settings.duration(TIMEOUT, Duration.ofSeconds(10)));
    }

    @Override
    public String toString() {
        return "EmailSettings[host=" + host + ", port=" + port + ", startTls=" + startTls + ", username="
                + username.orElse("-") + ", password=" + (password.isPresent() ? "****" : "-") + ", from=" + from
                + ", alertLinkBase=" + alertLinkBase + ", timeout=" + timeout + "]";
    }
}
