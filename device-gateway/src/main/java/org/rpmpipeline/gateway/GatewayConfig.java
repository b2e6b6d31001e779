package org.rpmpipeline.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.gateway.decode.JsonLimits;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;
import org.rpmpipeline.http.HttpSettings;

/**
 * The gateway's configuration, read once at startup from {@link Settings}. Every key is declared here with its
 * default and validation; a bad value throws {@link ConfigException} naming the key. See the module README for
 * the table of keys.
 *
 * @param http the health and metrics server: {@code rpm.gateway.http-port} (0 picks a free port, -1 runs none),
 *     {@code rpm.gateway.http-bind} (default 127.0.0.1) and the limits ({@link HttpSettings})
 * @param bindingsFile CSV or YAML device bindings produced to {@code rpm.devices} at start, or {@code null}
 * @param input bounds on what a device sends: message size, user properties, JSON
 * @param deadLetters bounds on what a dead letter carries
 * @param workerThreads threads that decode and hand records to Kafka (never the MQTT callback thread)
 * @param shutdownTimeout how long {@code close()} waits for in-flight messages before disconnecting
 * @param kafkaStallTimeout a send pending longer than this makes the gateway not ready
 * @param maxClockSkew a measurement further than this in the future is rejected
 * @param maxAge a measurement older than this is rejected
 * @param plausibility per-vital plausible ranges ({@code rpm.gateway.plausible.<vital>})
 */
public record GatewayConfig(
        MqttSettings mqtt,
        KafkaSettings kafka,
        HttpSettings http,
        Path bindingsFile,
        InputLimits input,
        DeadLetterLimits deadLetters,
        int workerThreads,
        Duration shutdownTimeout,
        Duration kafkaStallTimeout,
        Duration maxClockSkew,
        Duration maxAge,
        PlausibilityBounds plausibility) {

    public static final String MQTT_URL = "rpm.mqtt.url";
    public static final String MQTT_USERNAME = "rpm.mqtt.username";
    public static final String MQTT_PASSWORD_FILE = "rpm.mqtt.password-file";
    public static final String MQTT_TRUSTSTORE = "rpm.mqtt.truststore";
    public static final String MQTT_TRUSTSTORE_PASSWORD_FILE = "rpm.mqtt.truststore-password-file";
    public static final String MQTT_KEYSTORE = "rpm.mqtt.keystore";
    public static final String MQTT_KEYSTORE_PASSWORD_FILE = "rpm.mqtt.keystore-password-file";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "rpm.kafka.bootstrap-servers";
    public static final String CLIENT_ID = "rpm.gateway.client-id";
    public static final String SHARE_GROUP = "rpm.gateway.share-group";
    public static final String SESSION_EXPIRY = "rpm.gateway.session-expiry";
    public static final String RECONNECT_MAX_DELAY = "rpm.gateway.reconnect-max-delay";
    public static final String MAX_IN_FLIGHT = "rpm.gateway.max-in-flight";
    public static final String HTTP_PORT = "rpm.gateway.http-port";
    public static final String HTTP_BIND = "rpm.gateway.http-bind";
    /** The prefix of the HTTP server's keys ({@link HttpSettings}). */
    public static final String HTTP_PREFIX = "rpm.gateway";
    /** The health and metrics endpoints take no body. */
    static final int HTTP_MAX_REQUEST_BYTES = 16 * 1024;
    public static final String BINDINGS_FILE = "rpm.gateway.bindings-file";
    public static final String MAX_PAYLOAD_BYTES = "rpm.gateway.max-payload-bytes";
    public static final String WORKER_THREADS = "rpm.gateway.worker-threads";
    public static final String SHUTDOWN_TIMEOUT = "rpm.gateway.shutdown-timeout";
    public static final String KAFKA_STALL_TIMEOUT = "rpm.gateway.kafka-stall-timeout";
    public static final String MAX_USER_PROPERTIES = "rpm.gateway.max-user-properties";
    public static final String MAX_USER_PROPERTY_BYTES = "rpm.gateway.max-user-property-bytes";
    public static final String JSON_MAX_NESTING_DEPTH = "rpm.gateway.json.max-nesting-depth";
    public static final String JSON_MAX_NUMBER_LENGTH = "rpm.gateway.json.max-number-length";
    public static final String JSON_MAX_STRING_LENGTH = "rpm.gateway.json.max-string-length";
    public static final String JSON_MAX_VALUE_DIGITS = "rpm.gateway.json.max-value-digits";
    public static final String DEAD_LETTER_MAX_PAYLOAD_BYTES = "rpm.gateway.dead-letter.max-payload-bytes";
    public static final String DEAD_LETTER_MAX_ITEMS = "rpm.gateway.dead-letter.max-items";
    public static final String DEAD_LETTER_MAX_DETAIL_CHARS = "rpm.gateway.dead-letter.max-detail-chars";
    /** No longer read: a bad message gives one dead letter; a value for it stops startup naming its successor. */
    static final String REMOVED_MAX_DEAD_LETTERS_PER_BATCH = "rpm.gateway.max-dead-letters-per-batch";
    public static final String MAX_CLOCK_SKEW = "rpm.gateway.max-clock-skew";
    public static final String MAX_AGE = "rpm.gateway.max-age";

    /** Dead letters carry the payload in base64; this keeps one under Kafka's default 1 MiB request size. */
    static final int PAYLOAD_LIMIT_CEILING = 512 * 1024;
    /** The Kafka producer's default {@code max.request.size}. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    /**
     * The MQTT side.
     *
     * @param passwordFile a file whose content (trimmed) is the broker password, or {@code null}
     * @param truststore PKCS12/JKS trust store for {@code ssl://} URLs, or {@code null} for the JVM default
     * @param keystore PKCS12/JKS key store with a client certificate for mutual TLS, or {@code null}
     * @param sessionExpiry how long the broker keeps this gateway's session (and its queued messages) offline
     * @param maxInFlight MQTT receive maximum and the bound on unacknowledged messages held by the gateway
     */
    public record MqttSettings(
            URI url,
            String username,
            Path passwordFile,
            Path truststore,
            Path truststorePasswordFile,
            Path keystore,
            Path keystorePasswordFile,
            String clientId,
            String shareGroup,
            Duration sessionExpiry,
            Duration reconnectMaxDelay,
            int maxInFlight) {

        /** The shared-subscription filter this gateway subscribes to. */
        public String subscriptionFilter() {
            return MqttTopics.shared(shareGroup, MqttTopics.ALL);
        }

        @Override
        public String toString() {
            return "MqttSettings[url=" + url + ", username=" + username
                    + ", passwordFile=" + (passwordFile == null ? "none" : "****")
                    + ", truststore=" + truststore + ", keystore=" + keystore
                    + ", clientId=" + clientId + ", shareGroup=" + shareGroup + ", sessionExpiry=" + sessionExpiry
                    + ", reconnectMaxDelay=" + reconnectMaxDelay + ", maxInFlight=" + maxInFlight + "]";
        }
    }

    /**
     * The Kafka side.
     *
     * @param overrides Kafka client properties passed through unchanged ({@code kafka.*} /
     *        {@code RPM_KAFKA_PROPERTY_*})
     */
    public record KafkaSettings(String bootstrapServers, Map<String, String> overrides) {
        public KafkaSettings {
            overrides = Map.copyOf(overrides);
        }

        @Override
        public String toString() {
            Map<String, String> masked = new TreeMap<>();
            overrides.forEach((k, v) -> masked.put(k, isSecret(k) ? "****" : v));
            return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", overrides=" + masked + "]";
        }

        private static boolean isSecret(String key) {
            String k = key.toLowerCase(Locale.ROOT);
            return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("key");
        }
    }

    /** Reads and validates every key; throws {@link ConfigException} naming the first bad one. */
    public static GatewayConfig from(Settings settings) {
        URI url = settings.uri(MQTT_URL, "tcp://localhost:1883", Set.of("tcp", "ssl"));
        String shareGroup = settings.string(SHARE_GROUP, "rpm-gateway");
        if (shareGroup.contains("/") || shareGroup.contains("+") || shareGroup.contains("#")) {
            throw Settings.invalid(SHARE_GROUP, "must not contain / + or #", shareGroup);
        }
        String clientId = settings.string(CLIENT_ID, "rpm-gateway-" + hostname());
        if (!clientId.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw Settings.invalid(CLIENT_ID, "must be 1-128 characters of A-Z a-z 0-9 . _ : -", clientId);
        }
        Duration sessionExpiry = settings.duration(SESSION_EXPIRY, Duration.ofHours(1));
        if (sessionExpiry.isNegative() || sessionExpiry.getSeconds() > 0xFFFF_FFFFL) {
            throw Settings.invalid(SESSION_EXPIRY, "must be between 0s and 4294967295s", sessionExpiry.toString());
        }
        Duration reconnectMaxDelay = positive(settings, RECONNECT_MAX_DELAY, Duration.ofSeconds(30));
        MqttSettings mqtt = new MqttSettings(url,
                settings.raw(MQTT_USERNAME).orElse(null),
                settings.existingFile(MQTT_PASSWORD_FILE).orElse(null),
                settings.existingFile(MQTT_TRUSTSTORE).orElse(null),
                settings.existingFile(MQTT_TRUSTSTORE_PASSWORD_FILE).orElse(null),
                settings.existingFile(MQTT_KEYSTORE).orElse(null),
                settings.existingFile(MQTT_KEYSTORE_PASSWORD_FILE).orElse(null),
                clientId, shareGroup, sessionExpiry, reconnectMaxDelay,
                settings.integer(MAX_IN_FLIGHT, 1000, 1, 65_535));
        if (mqtt.keystore() != null && !url.getScheme().equalsIgnoreCase("ssl")) {
            throw Settings.invalid(MQTT_KEYSTORE, "needs an ssl:// " + Settings.describe(MQTT_URL), url.toString());
        }
        KafkaSettings kafka = new KafkaSettings(
                settings.string(KAFKA_BOOTSTRAP_SERVERS, "localhost:9092"), settings.kafkaOverrides());
        if (settings.raw(REMOVED_MAX_DEAD_LETTERS_PER_BATCH).isPresent()) {
            throw Settings.invalid(REMOVED_MAX_DEAD_LETTERS_PER_BATCH, "is no longer read (a bad message gives one dead"
                    + " letter listing its bad items); set " + Settings.describe(DEAD_LETTER_MAX_ITEMS) + " instead",
                    settings.raw(REMOVED_MAX_DEAD_LETTERS_PER_BATCH).get());
        }
        InputLimits input = InputLimits.from(settings);
        DeadLetterLimits deadLetters = DeadLetterLimits.from(settings);
        checkDeadLetterFits(input, deadLetters, kafka);
        return new GatewayConfig(mqtt, kafka,
                HttpSettings.from(settings, HTTP_PREFIX, 8081, HTTP_MAX_REQUEST_BYTES),
                settings.existingFile(BINDINGS_FILE).orElse(null),
                input,
                deadLetters,
                settings.integer(WORKER_THREADS, defaultWorkerThreads(), 1, 64),
                positive(settings, SHUTDOWN_TIMEOUT, Duration.ofSeconds(10)),
                positive(settings, KAFKA_STALL_TIMEOUT, Duration.ofSeconds(10)),
                positive(settings, MAX_CLOCK_SKEW, Duration.ofMinutes(5)),
                positive(settings, MAX_AGE, Duration.ofDays(7)),
                PlausibilityBounds.from(settings));
    }

    /** The configured HTTP port; 0 picks a free one, -1 runs no HTTP server. */
    public int httpPort() {
        return http.port();
    }

    /** The largest dead letter the limits allow must fit the producer's request size, or it could never be sent. */
    private static void checkDeadLetterFits(InputLimits input, DeadLetterLimits deadLetters, KafkaSettings kafka) {
        long largest = deadLetters.maxRecordBytes(input);
        String configured = kafka.overrides().get("max.request.size");
        long requestSize = KAFKA_DEFAULT_MAX_REQUEST_SIZE;
        if (configured != null) {
            try {
                requestSize = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                throw Settings.invalid("kafka.max.request.size", "must be an integer", configured);
            }
        }
        if (largest > requestSize) {
            throw Settings.invalid(DEAD_LETTER_MAX_PAYLOAD_BYTES, "with the other dead-letter and user-property limits"
                    + " allows dead letters of up to " + largest + " bytes, more than the Kafka producer's"
                    + " max.request.size of " + requestSize + "; lower it or the detail and user-property limits",
                    String.valueOf(deadLetters.maxPayloadBytes()));
        }
    }

    /**
     * Bounds on one MQTT message. The size limit counts the payload and the user properties (names and values,
     * UTF-8): both are the device's bytes and both end up in a dead letter.
     *
     * @param maxMessageBytes larger messages are dead-lettered unread ({@code rpm.gateway.max-payload-bytes})
     * @param maxUserProperties more user properties reject the message and none of them are kept
     * @param maxUserPropertyBytes more bytes of user properties reject the message and none of them are kept
     * @param json bounds on JSON payloads
     */
    public record InputLimits(int maxMessageBytes, int maxUserProperties, int maxUserPropertyBytes, JsonLimits json) {

        static InputLimits from(Settings settings) {
            int maxMessageBytes = settings.integer(MAX_PAYLOAD_BYTES, 256 * 1024, 1, PAYLOAD_LIMIT_CEILING);
            int maxStringLength = settings.integer(JSON_MAX_STRING_LENGTH, 4096, 64, PAYLOAD_LIMIT_CEILING);
            return new InputLimits(maxMessageBytes,
                    settings.integer(MAX_USER_PROPERTIES, 32, 0, 1000),
                    settings.integer(MAX_USER_PROPERTY_BYTES, 8192, 0, 65_536),
                    new JsonLimits(maxMessageBytes,
                            settings.integer(JSON_MAX_NESTING_DEPTH, 32, 4, 1000),
                            // 20 characters hold any 64-bit integer id with its sign
                            settings.integer(JSON_MAX_NUMBER_LENGTH, 32, 20, 1000),
                            maxStringLength,
                            settings.integer(JSON_MAX_VALUE_DIGITS, 15, 6, 100)));
        }

        /** The defaults, for tests and tools. */
        public static InputLimits defaults() {
            return from(Settings.of(Map.of()));
        }
    }

    /**
     * Bounds on a dead letter, which carries the device's message back out: its payload (cut past
     * {@code maxPayloadBytes}, with the original size and SHA-256 kept), its detail (at most {@code maxItems} bad
     * items of a batch listed, at most {@code maxDetailChars} characters) and the user properties within
     * {@link InputLimits}.
     */
    public record DeadLetterLimits(int maxPayloadBytes, int maxItems, int maxDetailChars) {
        /**
         * Room for everything else a dead letter holds: the MQTT topic (cut to 256 characters) as key, field and
         * header, the correlation, hub and device ids, field and header names, and Kafka's record overhead.
         */
        static final int FIXED_BYTES = 8192;
        /** Per user property: the header name prefix and Kafka's per-header overhead. */
        static final int PER_PROPERTY_BYTES = 32;

        static DeadLetterLimits from(Settings settings) {
            return new DeadLetterLimits(
                    settings.integer(DEAD_LETTER_MAX_PAYLOAD_BYTES, 256 * 1024, 0, PAYLOAD_LIMIT_CEILING),
                    settings.integer(DEAD_LETTER_MAX_ITEMS, 20, 1, 1000),
                    settings.integer(DEAD_LETTER_MAX_DETAIL_CHARS, 4096, 256, 65_536));
        }

        /** The defaults, for tests and tools. */
        public static DeadLetterLimits defaults() {
            return from(Settings.of(Map.of()));
        }

        /**
         * The most bytes one dead-letter record (key, value, headers) can take: the payload in base64, the detail
         * at three UTF-8 bytes per character (control characters are replaced, so none is escaped), the user
         * properties and the fixed part.
         */
        public long maxRecordBytes(InputLimits input) {
            long base64 = 4L * ((maxPayloadBytes + 2) / 3);
            long detail = 3L * maxDetailChars;
            long properties = input.maxUserPropertyBytes() + (long) input.maxUserProperties() * PER_PROPERTY_BYTES;
            return base64 + detail + properties + FIXED_BYTES;
        }
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw Settings.invalid(key, "must be a positive duration", value.toString());
        }
        return value;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        String name = env;
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "local";
            }
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    /**
     * One decode thread per core but one, at least one: the MQTT client, the Kafka producer and, when co-located,
     * the brokers need the rest. On 2 cores one worker delivered 11,100 msgs/s against 9,200-9,800 with two
     * (bench/gateway, HiveMQ, back to back, 2026-11-28): the second worker only competed for the same cores.
     */
    static int defaultWorkerThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
