package org.rpmpipeline.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rpmpipeline.alerts.console.ConsoleSettings;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.GroupMembership;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.http.HttpSettings;

/**
 * The alert service's configuration, built once at startup by {@link #from(Settings)}. Every key is declared
 * here with its default and validation; a bad value is a {@link ConfigException} naming the key.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param kafkaOverrides Kafka client settings passed through unchanged ({@code kafka.*})
 * @param groupId consumer group prefix; the service uses {@code <groupId>-observations} and
 *     {@code <groupId>-findings}
 * @param http the HTTP server: {@code rpm.alerts.http-port} (0 picks a free port, -1 runs no HTTP server),
 *     {@code rpm.alerts.http-bind} (default 127.0.0.1), body limit and timeouts ({@link HttpSettings})
 * @param channels enabled notification channels, in delivery order
 * @param careTeams who is notified of which alert; from {@code rpm.alerts.care-teams-file}, else one team whose
 *     single tier is {@code rpm.alerts.default-recipient}
 * @param retryBackoff first wait after a failed Kafka delivery; doubles up to {@code retryBackoffMax}
 * @param retryBackoffMax longest wait between delivery retries
 * @param fhir FHIR server and delivery settings
 * @param escalation reminders and escalation of unacknowledged alerts
 * @param webhook the webhook channel's settings, present when {@code webhook} is among the channels
 * @param email the email channel's settings, present when {@code email} is among the channels
 * @param apiTokens bearer tokens and roles of the alert API and the FHIR server
 * @param anonymousRead callers without a token may read {@code /alerts} and {@code /fhir} (the demo); only without
 *     a tokens file
 * @param membership static membership id and session timeout of the consumers; with an instance id the findings
 *     producer's {@code transactional.id} is stable too, so a restarted instance aborts its predecessor's open
 *     transaction at once instead of waiting for the transaction timeout
 * @param console the care-team console ({@code rpm.alerts.console.*})
 */
public record AlertConfig(
        String bootstrapServers,
        Map<String, String> kafkaOverrides,
        String groupId,
        HttpSettings http,
        List<String> channels,
        CareTeams careTeams,
        Duration retryBackoff,
        Duration retryBackoffMax,
        FhirSettings fhir,
        EscalationSettings escalation,
        Optional<WebhookSettings> webhook,
        Optional<EmailSettings> email,
        ApiTokens apiTokens,
        boolean anonymousRead,
        GroupMembership membership,
        ConsoleSettings console) {

    public static final String BOOTSTRAP_SERVERS = "rpm.kafka.bootstrap-servers";
    public static final String GROUP_ID = "rpm.alerts.group-id";
    public static final String HTTP_PORT = "rpm.alerts.http-port";
    public static final String CHANNELS = "rpm.alerts.channels";
    public static final String DEFAULT_RECIPIENT = "rpm.alerts.default-recipient";
    public static final String CARE_TEAMS_FILE = "rpm.alerts.care-teams-file";
    public static final String RETRY_BACKOFF = "rpm.alerts.retry-backoff";
    public static final String RETRY_BACKOFF_MAX = "rpm.alerts.retry-backoff-max";
    public static final String HTTP_BIND = "rpm.alerts.http-bind";
    /** The prefix of the HTTP server's keys ({@link HttpSettings}). */
    public static final String HTTP_PREFIX = "rpm.alerts";
    /**
     * The default body limit: a transaction bundle of the default 250 Observations is about 450 KB, and 10 MiB
     * leaves room for bundles of up to about 5,000.
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    public static final String API_TOKENS_FILE = "rpm.alerts.api.tokens-file";
    public static final String ANONYMOUS_READ = "rpm.alerts.api.anonymous-read";
    public static final String INSTANCE_ID = "rpm.alerts.instance-id";
    public static final String SESSION_TIMEOUT = "rpm.alerts.session-timeout";

    /** The channel names this build knows. */
    public static final Set<String> KNOWN_CHANNELS = Set.of("console", "webhook", "email");

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "jaas", "token", "key");

    public AlertConfig {
        kafkaOverrides = Map.copyOf(kafkaOverrides);
        channels = List.copyOf(channels);
    }

    public static AlertConfig from(Settings settings) {
        String bootstrap = settings.string(BOOTSTRAP_SERVERS, "localhost:9092");
        String groupId = settings.string(GROUP_ID, "rpm-alert-service");
        if (!groupId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw Settings.invalid(GROUP_ID, "must be letters, digits, '.', '_' or '-'", groupId);
        }
        HttpSettings http = HttpSettings.from(settings, HTTP_PREFIX, 8080, DEFAULT_MAX_REQUEST_BYTES);
        List<String> channels = channels(settings.string(CHANNELS, defaultChannels(settings)));
        String recipient = settings.string(DEFAULT_RECIPIENT, "care-team");
        CareTeams teams = settings.existingFile(CARE_TEAMS_FILE).map(file -> CareTeams.load(file, CARE_TEAMS_FILE))
                .orElseGet(() -> CareTeams.single(recipient));
        Duration backoff = positive(settings, RETRY_BACKOFF, Duration.ofMillis(500));
        Duration backoffMax = positive(settings, RETRY_BACKOFF_MAX, Duration.ofSeconds(30));
        if (backoffMax.compareTo(backoff) < 0) {
            throw Settings.invalid(RETRY_BACKOFF_MAX, "must not be shorter than " + RETRY_BACKOFF,
                    backoffMax.toString());
        }
        ApiTokens tokens = settings.existingFile(API_TOKENS_FILE).map(file -> ApiTokens.load(file, API_TOKENS_FILE))
                .orElse(ApiTokens.none());
        boolean anonymousRead = settings.bool(ANONYMOUS_READ, false);
        if (anonymousRead && tokens.enabled()) {
            throw Settings.invalid(ANONYMOUS_READ, "must be false when " + Settings.describe(API_TOKENS_FILE)
                    + " is set (with tokens every read needs one)", "true");
        }
        return new AlertConfig(bootstrap, settings.kafkaOverrides(), groupId, http, channels, teams,
                backoff, backoffMax, FhirSettings.from(settings), EscalationSettings.from(settings),
                channels.contains("webhook") ? Optional.of(WebhookSettings.from(settings)) : Optional.empty(),
                channels.contains("email") ? Optional.of(EmailSettings.from(settings)) : Optional.empty(),
                tokens, anonymousRead, GroupMembership.from(settings, "rpm.alerts"), ConsoleSettings.from(settings));
    }

    /** The configured HTTP port; 0 picks a free one, -1 runs no HTTP server. */
    public int httpPort() {
        return http.port();
    }

    /** Who may use {@code /alerts} and {@code /fhir}. */
    public ApiAccess apiAccess() {
        return new ApiAccess(apiTokens, anonymousRead);
    }

    /** Console, plus webhook and email when their endpoint is configured. */
    private static String defaultChannels(Settings settings) {
        String channels = "console";
        if (settings.raw(WebhookSettings.URL).isPresent()) {
            channels += ",webhook";
        }
        if (settings.raw(EmailSettings.HOST).isPresent()) {
            channels += ",email";
        }
        return channels;
    }

    private static List<String> channels(String raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!KNOWN_CHANNELS.contains(name)) {
                throw Settings.invalid(CHANNELS, "must list channels among " + new TreeSet<>(KNOWN_CHANNELS), raw);
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw Settings.invalid(CHANNELS, "must name at least one channel", raw);
        }
        return new ArrayList<>(out);
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw Settings.invalid(key, "must be positive", value.toString());
        }
        return value;
    }

    /** Kafka overrides with every secret-looking value masked, for logs. */
    public Map<String, String> maskedKafkaOverrides() {
        Map<String, String> out = new TreeMap<>();
        kafkaOverrides.forEach((key, value) -> out.put(key, isSecret(key) ? "****" : value));
        return out;
    }

    private static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    @Override
    public String toString() {
        return "AlertConfig[bootstrapServers=" + bootstrapServers + ", kafkaOverrides=" + maskedKafkaOverrides()
                + ", groupId=" + groupId + ", http=" + http + ", channels=" + channels
                + ", careTeams=" + careTeams.teams().keySet() + ", retryBackoff=" + retryBackoff
                + ", retryBackoffMax=" + retryBackoffMax + ", fhir=" + fhir + ", escalation=" + escalation + ", webhook=" + webhook.map(Object::toString).orElse("-")
                + ", email=" + email.map(Object::toString).orElse("-")
                + ", apiTokens="
                + (apiTokens.enabled() ? apiTokens.size() + " tokens"
                        : anonymousRead ? "none (anonymous read-only)" : "none (clinical endpoints closed)")
                + ", membership=" + membership + ", console=" + console + "]";
    }
}
