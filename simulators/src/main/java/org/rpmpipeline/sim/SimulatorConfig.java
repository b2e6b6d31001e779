package org.rpmpipeline.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.config.ConfigException;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.device.Encoding;
import org.rpmpipeline.sim.patient.Profile;
import org.rpmpipeline.sim.scenario.Cohort;
import org.rpmpipeline.sim.scenario.ScenarioFile;
import org.rpmpipeline.sim.scenario.ScenarioOptions;
import org.rpmpipeline.sim.scenario.Scenarios;

/**
 * The simulator's configuration, built once at startup by {@link #from(Settings)}; every key is declared here
 * with its default and validation, and a bad value throws {@link ConfigException} naming the key. The module
 * README lists every key.
 *
 * @param mqttUrl broker URL, {@code tcp://host:port} or {@code ssl://host:port} (TLS)
 * @param username MQTT user name, or {@code null}
 * @param password MQTT password read from {@code rpm.mqtt.password-file}, or {@code null}; masked in toString
 * @param scenario a built-in scenario name or a scenario file ({@code .yaml})
 * @param duration scenario time to simulate
 * @param seed the random seed; the same seed gives the same readings
 * @param clientId MQTT client id prefix; each connection is {@code <clientId>-<hubId>} or {@code <clientId>-c<n>}
 * @param speed how many times faster than real time scenario time runs; above 1 the run is backdated so that no
 *        timestamp lies in the future
 * @param maxInFlight publishes awaiting their PUBACK before the simulator holds back
 * @param hubStatus whether each hub publishes an online status on connect (its offline last will is always set)
 * @param patients cohort size for generated scenarios, 0 for the scenario's own
 * @param mix profile fractions of the {@code cohort} scenario
 * @param cadence device cadence, {@code null} for automatic (compressed below a day, realistic above)
 * @param rate total messages per second across the cohort (load mode), 0 to follow the cadence
 * @param connections MQTT connections the hubs share, 0 for one connection per hub
 * @param progress interval of the live progress line, zero for none
 * @param verify what to check downstream in Kafka after the run
 * @param resultsDir where to write results JSON and CSV, or {@code null}
 * @param encoding JSON on the vitals topic, or raw BLE GATT bytes on the BLE topics
 * @param maxLag how far publishing may fall behind the schedule before the schedule moves later instead of the
 *        simulator catching up in a burst; zero to always catch up
 */
public record SimulatorConfig(
        URI mqttUrl,
        String username,
        String password,
        String scenario,
        Duration duration,
        long seed,
        String clientId,
        double speed,
        int maxInFlight,
        boolean hubStatus,
        int patients,
        Map<Profile, Double> mix,
        Cadence cadence,
        double rate,
        int connections,
        Duration progress,
        Verify verify,
        Path resultsDir,
        Encoding encoding,
        Duration maxLag) {

    public static final String MQTT_URL = "rpm.mqtt.url";
    public static final String MQTT_USERNAME = "rpm.mqtt.username";
    public static final String MQTT_PASSWORD_FILE = "rpm.mqtt.password-file";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "rpm.kafka.bootstrap-servers";
    public static final String SCENARIO = "rpm.sim.scenario";
    public static final String DURATION = "rpm.sim.duration";
    public static final String SEED = "rpm.sim.seed";
    public static final String CLIENT_ID = "rpm.sim.client-id";
    public static final String SPEED = "rpm.sim.speed";
    public static final String MAX_IN_FLIGHT = "rpm.sim.max-in-flight";
    public static final String HUB_STATUS = "rpm.sim.hub-status";
    public static final String PATIENTS = "rpm.sim.patients";
    public static final String MIX = "rpm.sim.mix";
    public static final String CADENCE = "rpm.sim.cadence";
    public static final String RATE = "rpm.sim.rate";
    public static final String CONNECTIONS = "rpm.sim.connections";
    public static final String PROGRESS = "rpm.sim.progress";
    public static final String VERIFY = "rpm.sim.verify";
    public static final String VERIFY_GRACE = "rpm.sim.verify-grace";
    public static final String VERIFY_SETTLE = "rpm.sim.verify-settle";
    public static final String VERIFY_TIMEOUT = "rpm.sim.verify-timeout";
    public static final String RESULTS_DIR = "rpm.sim.results-dir";
    public static final String ENCODING = "rpm.sim.encoding";
    public static final String MAX_LAG = "rpm.sim.max-lag";

    /** Defaults of the keys above, as constants so that {@code ./rpm simulate --help} can show them. */
    public static final String DEFAULT_MQTT_URL = "tcp://localhost:1883";
    public static final String DEFAULT_DURATION = "60s";
    public static final String DEFAULT_SEED = "1";
    public static final String DEFAULT_SPEED = "1";
    public static final String DEFAULT_CLIENT_ID = "rpm-sim";
    public static final String DEFAULT_CADENCE = "auto";
    public static final String DEFAULT_ENCODING = "json";
    public static final String DEFAULT_KAFKA_BOOTSTRAP_SERVERS = "localhost:9092";

    static final Set<String> SCHEMES = Set.of("tcp", "mqtt", "ssl", "mqtts");
    static final Duration MAX_DURATION = Duration.ofDays(366);

    /**
     * The downstream check of {@code --verify}.
     *
     * @param enabled whether to consume the Kafka topics and match what arrived
     * @param bootstrapServers Kafka bootstrap servers
     * @param kafkaOverrides Kafka client settings passed through ({@code kafka.*} / {@code RPM_KAFKA_PROPERTY_*})
     * @param grace how long to keep waiting for stragglers after the last publish
     * @param settle once every message is accounted for, how long nothing new (reading, rejection, finding,
     *     notification) must arrive before the counts are final
     * @param timeout the longest the whole wait after the last publish may take
     */
    public record Verify(boolean enabled, String bootstrapServers, Map<String, String> kafkaOverrides,
            Duration grace, Duration settle, Duration timeout) {
        public Verify {
            kafkaOverrides = Map.copyOf(kafkaOverrides);
        }
    }

    public static SimulatorConfig from(Settings settings) {
        URI url = settings.uri(MQTT_URL, DEFAULT_MQTT_URL, SCHEMES);
        if (url.getHost() == null) {
            throw Settings.invalid(MQTT_URL, "must name a host, e.g. tcp://localhost:1883", url.toString());
        }
        String username = settings.raw(MQTT_USERNAME).orElse(null);
        String password = settings.existingFile(MQTT_PASSWORD_FILE).map(SimulatorConfig::readPassword)
                .orElse(null);
        String scenario = settings.string(SCENARIO, Scenarios.DEMO);
        if (ScenarioFile.isFileName(scenario)) {
            settings.existingFile(SCENARIO);
        } else if (!Scenarios.isKnown(scenario)) {
            throw Settings.invalid(SCENARIO, "must be one of " + Scenarios.names() + " or a scenario file (.yaml)",
                    scenario);
        }
        Duration duration = settings.duration(DURATION, Settings.parseDuration(DEFAULT_DURATION).orElseThrow());
        if (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw Settings.invalid(DURATION, "must be positive and at most 366d", settings.raw(DURATION).orElse(""));
        }
        long seed = parseLong(settings, SEED, Long.parseLong(DEFAULT_SEED));
        String clientId = settings.string(CLIENT_ID, DEFAULT_CLIENT_ID);
        if (!Ids.isValid(clientId) || clientId.length() > 64) {
            throw Settings.invalid(CLIENT_ID, "must be an id of at most 64 letters, digits, '.', '_', ':' or '-'",
                    clientId);
        }
        double speed = parseDouble(settings, SPEED, Double.parseDouble(DEFAULT_SPEED));
        if (!(speed >= 1.0 && speed <= 1_000_000)) {
            throw Settings.invalid(SPEED, "must be between 1 and 1000000", settings.raw(SPEED).orElse(""));
        }
        int maxInFlight = settings.integer(MAX_IN_FLIGHT, 1000, 2, 1_000_000);
        boolean hubStatus = settings.bool(HUB_STATUS, false);
        int patients = settings.integer(PATIENTS, 0, 0, 1_000_000);
        Map<Profile, Double> mix;
        try {
            mix = Cohort.parseMix(settings.string(MIX, ""));
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(MIX, "must be profile:fraction pairs such as copd:0.2,hf:0.3 (" + e.getMessage()
                    + ")", settings.string(MIX, ""));
        }
        if (mix.values().stream().mapToDouble(Double::doubleValue).sum() > 1.0 + 1e-9
                || mix.values().stream().anyMatch(f -> f < 0)) {
            throw Settings.invalid(MIX, "fractions must be >= 0 and add up to at most 1", settings.string(MIX, ""));
        }
        Cadence cadence = null;
        String cadenceText = settings.string(CADENCE, DEFAULT_CADENCE);
        if (!cadenceText.equals(DEFAULT_CADENCE)) {
            try {
                cadence = Cadence.fromCode(cadenceText);
            } catch (IllegalArgumentException e) {
                throw Settings.invalid(CADENCE, "must be auto, realistic or compressed", cadenceText);
            }
        }
        double rate = parseDouble(settings, RATE, 0);
        if (!(rate >= 0 && rate <= 1_000_000)) {
            throw Settings.invalid(RATE, "must be between 0 and 1000000 messages per second",
                    settings.raw(RATE).orElse(""));
        }
        int connections = settings.integer(CONNECTIONS, 0, 0, 100_000);
        Duration progress = settings.duration(PROGRESS, Duration.ZERO);
        if (progress.isNegative()) {
            throw Settings.invalid(PROGRESS, "must not be negative", settings.raw(PROGRESS).orElse(""));
        }
        Duration verifySettle = settings.duration(VERIFY_SETTLE, Duration.ofSeconds(10));
        if (verifySettle.isNegative()) {
            throw Settings.invalid(VERIFY_SETTLE, "must not be negative", settings.raw(VERIFY_SETTLE).orElse(""));
        }
        Duration verifyTimeout = settings.duration(VERIFY_TIMEOUT, Duration.ofMinutes(10));
        if (verifyTimeout.isNegative() || verifyTimeout.isZero()) {
            throw Settings.invalid(VERIFY_TIMEOUT, "must be positive", settings.raw(VERIFY_TIMEOUT).orElse(""));
        }
        Verify verify = new Verify(settings.bool(VERIFY, false),
                settings.string(KAFKA_BOOTSTRAP_SERVERS, DEFAULT_KAFKA_BOOTSTRAP_SERVERS), settings.kafkaOverrides(),
                settings.duration(VERIFY_GRACE, Duration.ofSeconds(30)), verifySettle, verifyTimeout);
        Path resultsDir = settings.raw(RESULTS_DIR).map(Path::of).orElse(null);
        Encoding encoding;
        try {
            encoding = Encoding.fromCode(settings.string(ENCODING, DEFAULT_ENCODING));
        } catch (IllegalArgumentException e) {
            throw Settings.invalid(ENCODING, "must be json or ble", settings.string(ENCODING, ""));
        }
        Duration maxLag = settings.duration(MAX_LAG, Duration.ZERO);
        if (maxLag.isNegative() || maxLag.compareTo(Duration.ofHours(1)) > 0) {
            throw Settings.invalid(MAX_LAG, "must be between 0 (no limit) and 1h", settings.raw(MAX_LAG).orElse(""));
        }
        return new SimulatorConfig(url, username, password, scenario, duration, seed, clientId, speed, maxInFlight,
                hubStatus, patients, mix, cadence, rate, connections, progress, verify, resultsDir, encoding, maxLag);
    }

    /** True if the broker URL asks for TLS. */
    public boolean tls() {
        String scheme = mqttUrl.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ssl") || scheme.equals("mqtts");
    }

    /** The broker port, defaulting to 1883 (8883 with TLS). */
    public int port() {
        return mqttUrl.getPort() > 0 ? mqttUrl.getPort() : tls() ? 8883 : 1883;
    }

    /** The options handed to a built-in scenario or scenario file. */
    public ScenarioOptions scenarioOptions() {
        return new ScenarioOptions(seed, duration, patients, mix, cadence, rate);
    }

    @Override
    public String toString() {
        return "SimulatorConfig[mqttUrl=" + mqttUrl + ", username=" + username + ", password="
                + (password == null ? "<none>" : "****") + ", scenario=" + scenario + ", duration=" + duration
                + ", seed=" + seed + ", clientId=" + clientId + ", speed=" + speed + ", maxInFlight=" + maxInFlight
                + ", hubStatus=" + hubStatus + ", patients=" + patients + ", mix=" + mix + ", cadence="
                + (cadence == null ? "auto" : cadence.code()) + ", rate=" + rate + ", connections=" + connections
                + ", progress=" + progress + ", verify=" + verify.enabled() + ", kafka="
                + verify.bootstrapServers() + ", resultsDir=" + resultsDir + ", encoding=" + encoding.code()
                + ", maxLag=" + maxLag + "]";
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException(Settings.describe(MQTT_PASSWORD_FILE) + " cannot be read: " + e.getMessage());
        }
    }

    private static long parseLong(Settings settings, String key, long defaultValue) {
        Optional<String> raw = settings.raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw Settings.invalid(key, "must be an integer", raw.get());
        }
    }

    private static double parseDouble(Settings settings, String key, double defaultValue) {
        Optional<String> raw = settings.raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw Settings.invalid(key, "must be a number", raw.get());
        }
    }
}
