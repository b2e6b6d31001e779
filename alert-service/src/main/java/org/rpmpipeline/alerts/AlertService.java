package org.rpmpipeline.alerts;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Clock;
import java.time.Duration;
import org.rpmpipeline.alerts.lifecycle.AlertRestorer;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.rpmpipeline.alerts.console.BacktestRunner;
import org.rpmpipeline.alerts.console.Console;
import org.rpmpipeline.alerts.console.InProcessVitalHistory;
import org.rpmpipeline.alerts.console.VitalHistory;
import org.rpmpipeline.alerts.fhir.ClientCredentials;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.fhir.TokenSource;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.alerts.intake.FhirSinkHandler;
import org.rpmpipeline.alerts.fhir.AlertEvidence;
import org.rpmpipeline.alerts.intake.AlertOutputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.http.AlertApi;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.alerts.http.HttpApi;
import org.rpmpipeline.alerts.intake.Backoff;
import org.rpmpipeline.alerts.intake.ConsumerLoop;
import org.rpmpipeline.alerts.intake.FindingHandler;
import org.rpmpipeline.alerts.intake.Publisher;
import org.rpmpipeline.alerts.intake.ReadingHandler;
import org.rpmpipeline.alerts.lifecycle.AlertLifecycle;
import org.rpmpipeline.alerts.lifecycle.AlertStore;
import org.rpmpipeline.alerts.notify.ConsoleChannel;
import org.rpmpipeline.alerts.notify.DeliveryLog;
import org.rpmpipeline.alerts.notify.NotificationChannel;
import org.rpmpipeline.alerts.notify.EmailChannel;
import org.rpmpipeline.alerts.notify.Escalator;
import org.rpmpipeline.alerts.notify.NotificationPolicy;
import org.rpmpipeline.alerts.notify.Notifier;
import org.rpmpipeline.alerts.notify.NotificationTimers;
import org.rpmpipeline.alerts.notify.Snoozes;
import org.rpmpipeline.alerts.notify.WebhookChannel;
import org.rpmpipeline.alerts.notify.WebhookSignature;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.kafka.KafkaReachability;
import org.rpmpipeline.contract.topic.Topics;
import org.tinylog.Logger;

/**
 * The alert service: readings to FHIR Observations, findings to alerts and notifications, and the HTTP API.
 * Holds no static state, so several instances (with different ports and group ids) can share one JVM.
 *
 * <pre>{@code
 * try (AlertService service = new AlertService(AlertConfig.from(Settings.fromEnvironment()), Clock.systemUTC())) {
 *     service.start();
 *     ...
 * }
 * }</pre>
 */
public final class AlertService implements AutoCloseable {
    /** Who the service's own writes to its in-process FHIR server are (an admin: they create and update). */
    private static final Principal SELF = new Principal("alert-service", Role.ADMIN);

    private final AlertConfig config;
    private final Clock clock;
    private final List<NotificationChannel> extraChannels;
    private final Optional<BacktestRunner> backtests;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AlertStore store = new AlertStore();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ConsumerLoop<?>> loops = new ArrayList<>();
    private final Snoozes snoozes = new Snoozes();
    /** The bearer token this instance writes to its in-process FHIR server with; never leaves the process. */
    private final String ownToken = newToken();
    private EscalationRunner escalation;
    private volatile HttpApi http;
    private Console console;
    private FhirServer fhirServer;
    private boolean started;
    private boolean closed;
    /** Released by {@link #close()} before it takes the lock, so a start still waiting for Kafka gives up. */
    private final CountDownLatch closing = new CountDownLatch(1);

    public AlertService(AlertConfig config, Clock clock) {
        this(config, clock, List.of());
    }

    /** A service that also notifies through {@code extraChannels} (e.g. a test channel) after the configured ones. */
    public AlertService(AlertConfig config, Clock clock, List<NotificationChannel> extraChannels) {
        this(config, clock, extraChannels, Optional.empty());
    }

    /**
     * A service whose console lets admins run rule backtests with {@code backtests} (the all-in-one assembly
     * passes one backed by the rule-backtest module; without one the console's backtest page says it is missing).
     */
    public AlertService(AlertConfig config, Clock clock, List<NotificationChannel> extraChannels,
            Optional<BacktestRunner> backtests) {
        this.config = config;
        this.clock = clock;
        this.extraChannels = List.copyOf(extraChannels);
        this.backtests = backtests;
    }

    /**
     * Starts the HTTP server, waits for Kafka (not ready meanwhile, saying so in the log within seconds; returns
     * early if {@link #close()} is called while waiting), then starts the consumer loops.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("the alert service was closed");
        }
        started = true;
        Logger.info("alert service starting [config: {}]", config);
        try {
            Map<String, Object> observationsProducer = producerConfig();
            // Observation JSON is ~1-2 KB: bigger producer batches mean far fewer broker requests per reading
            observationsProducer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            Publisher publisher = track(new Publisher(observationsProducer).withMetrics(metrics));
            NotificationPolicy policy = new NotificationPolicy(config.careTeams(), snoozes);
            // delivery records go out one at a time and are waited for before the next send: no linger
            Map<String, Object> deliveriesProducer = producerConfig();
            deliveriesProducer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            deliveriesProducer.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-deliveries-producer");
            Publisher deliveriesPublisher = track(new Publisher(deliveriesProducer).withMetrics(metrics));
            DeliveryLog deliveries = new DeliveryLog(notification -> deliveriesPublisher.send(
                    Topics.NOTIFICATION_DELIVERIES, notification.patientId(), notification, Map.of()), clock);
            Notifier notifier = track(new Notifier(channels(), policy, deliveries, clock, metrics));
            Backoff backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax());
            AlertLifecycle lifecycle = new AlertLifecycle(store, clock);
            AlertEvidence evidence = new AlertEvidence();
            AlertOutputs outputs = new AlertOutputs(publisher, notifier, evidence, clock,
                    config.fhir().sampledData()::periodOf);
            if (config.http().enabled()) {
                ApiAccess access = config.apiAccess();
                if (access.closed()) {
                    Logger.warn("no API tokens configured: /alerts and /fhir refuse every caller [set: {}]",
                            Settings.describe(AlertConfig.API_TOKENS_FILE));
                }
                if (config.fhir().serverEnabled()) {
                    fhirServer = new FhirServer(clock, config.fhir().serverMaxResources());
                    // the service writes to its own FHIR server over HTTP, as any writer: with a token of its own
                    access = new ApiAccess(access.tokens().with(ownToken, SELF), access.anonymousRead());
                }
                AlertApi api = new AlertApi(store, lifecycle, outputs, snoozes, config.careTeams(), evidence,
                        clock, Duration.ofSeconds(10));
                if (config.console().enabled()) {
                    VitalHistory vitals = fhirServer == null ? VitalHistory.none()
                            : new InProcessVitalHistory(fhirServer.store());
                    // the configured tokens only: the service's own FHIR token is no way into the console
                    console = track(new Console(config.console(), config.apiAccess(), api, config.careTeams(),
                            publisher, vitals, consumerConfig("console"), clock, backtests));
                }
                Console routes = console;
                http = track(HttpApi.start(config.http(), Optional.of(api), access, this::isReady,
                        metrics, Optional.ofNullable(fhirServer).map(FhirServer::servlet),
                        javalin -> {
                            if (routes != null) {
                                routes.routes(javalin);
                            }
                        }));
                if (console != null) {
                    io.micrometer.core.instrument.FunctionCounter.builder("rpm.alerts.console.worklist.renders", console,
                            Console::worklistRenders).register(metrics);
                    metrics.gauge("rpm.alerts.console.live.clients", console, Console::liveClients);
                    console.start();
                }
            }
            // health is served (not ready) from here on; the transactional producer below would block for a
            // minute and fail if Kafka did not answer, so wait for it first, saying so in the log
            if (!new KafkaReachability("alert service", config.bootstrapServers(), config.kafkaOverrides())
                    .await(closing)) {
                return;
            }
            EscalationSettings escalationSettings = config.escalation();
            Escalator escalator = new Escalator(store, policy, escalationSettings.remindAfter(),
                    escalationSettings.escalateAfter());
            Map<String, Object> readingsConsumer = consumerConfig("observations");
            // a batch waits for its acks and a commit: bigger batches pay that round trip for more readings
            readingsConsumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            loops.add(new ConsumerLoop<>("rpm-alerts-readings", Topics.READINGS, readingsConsumer,
                    new ReadingHandler(new ObservationMapper(config.fhir().referenceRanges()), publisher,
                            config.fhir().sampledData(), clock, metrics), backoff, metrics));
            // findings run in transactions: alert, audit, FHIR and notification records commit with the offsets
            Publisher findingsPublisher = track(new Publisher(transactionalProducerConfig("findings"))
                    .withMetrics(metrics));
            AlertOutputs findingsOutputs = new AlertOutputs(findingsPublisher, notifier, evidence, clock,
                    config.fhir().sampledData()::periodOf);
            loops.add(new ConsumerLoop<>("rpm-alerts-findings", Topics.FINDINGS, consumerConfig("findings"),
                    new FindingHandler(lifecycle, store, findingsOutputs,
                            new AlertRestorer(consumerConfig("restore"), Duration.ofMinutes(2)),
                            new NotificationTimers(snoozes, escalator, clock), deliveries, clock, metrics),
                    backoff, metrics).transactional(findingsPublisher));
            Map<String, Object> fhirConsumer = consumerConfig("fhir");
            // bigger batches, fewer offset commits; each is sent as bundles of at most maxBundleEntries
            fhirConsumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            // a consumer that keeps up would otherwise post many small bundles (a commit and a request each):
            // let the broker gather up to ~300 Observations or 100 ms first
            fhirConsumer.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 512 * 1024);
            fhirConsumer.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
            fhirBaseUrl().ifPresent(base -> loops.add(new ConsumerLoop<>("rpm-alerts-fhir",
                    List.of(Topics.OBSERVATIONS, Topics.FHIR_RESOURCES), fhirConsumer,
                    new FhirSinkHandler(new FhirWriter(base, tokenSource(), config.fhir().timeout()),
                            config.fhir().maxBundleEntries(), metrics), backoff, metrics)));
            // loops close before the publisher, notifier and HTTP server they use
            loops.forEach(loop -> resources.add(0, loop));
            loops.forEach(ConsumerLoop::start);
            if (escalationSettings.enabled()) {
                escalation = track(new EscalationRunner(escalator, outputs, clock,
                        escalationSettings.checkInterval()));
            }
            metrics.gauge("rpm.alerts.store.size", store, AlertStore::size);
            Logger.info("alert service started [http port: {}]", httpPort());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The FHIR server resources are delivered to: the configured one, else the in-process one, else none. */
    private Optional<URI> fhirBaseUrl() {
        if (config.fhir().baseUrl().isPresent()) {
            return config.fhir().baseUrl();
        }
        return fhirServer == null ? Optional.empty() : Optional.of(http.localFhirBase());
    }

    private TokenSource tokenSource() {
        FhirSettings fhir = config.fhir();
        if (config.fhir().baseUrl().isEmpty() && fhirServer != null) {
            return TokenSource.fixed(ownToken);
        }
        if (fhir.clientCredentials().isPresent()) {
            FhirSettings.ClientCredentialsSettings cc = fhir.clientCredentials().get();
            return new ClientCredentials(cc.tokenUrl(), cc.clientId(), cc.clientSecret(), cc.scope(), fhir.timeout(),
                    clock);
        }
        return fhir.bearerToken().map(TokenSource::fixed).orElseGet(TokenSource::none);
    }

    /** The care-team console, when it is served (for tests and benchmarks). */
    public Optional<Console> console() {
        return Optional.ofNullable(console);
    }

    /** The in-process FHIR server, when it runs (for tests and the demo summary). */
    public Optional<FhirServer> fhirServer() {
        return Optional.ofNullable(fhirServer);
    }

    private List<NotificationChannel> channels() {
        List<NotificationChannel> channels = new ArrayList<>();
        for (String name : config.channels()) {
            if (name.equals(ConsoleChannel.NAME)) {
                channels.add(new ConsoleChannel());
            } else if (name.equals(WebhookChannel.NAME)) {
                WebhookSettings w = config.webhook().orElseThrow();
                channels.add(new WebhookChannel(w.url(), new WebhookSignature(w.secret()), w.maxAttempts(),
                        new Backoff(w.backoff(), w.backoff().multipliedBy(16)), w.timeout(), clock));
            } else if (name.equals(EmailChannel.NAME)) {
                EmailSettings e = config.email().orElseThrow();
                channels.add(new EmailChannel(e.host(), e.port(), e.startTls(), e.username(), e.password(),
                        e.from(), e.alertLinkBase(), (int) e.timeout().toMillis()));
            }
        }
        channels.addAll(extraChannels);
        return channels;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
        return props;
    }

    private Map<String, Object> transactionalProducerConfig(String purpose) {
        Map<String, Object> props = producerConfig();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + purpose + "-producer");
        // group-metadata fencing keeps a zombie out whatever the id; a stable id (the instance id) also lets a
        // restarted instance abort its crashed predecessor's open transaction at once, where a random one leaves it
        // blocking read_committed readers and the group's offset fetch until transaction.timeout.ms
        String instance = config.membership().instanceId().orElseGet(() -> UUID.randomUUID().toString());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.groupId() + "-" + purpose + "-" + instance);
        return props;
    }

    private Map<String, Object> consumerConfig(String purpose) {
        Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "-" + purpose);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // each purpose has its own group, so one instance id serves all of them
        config.membership().consumerProperties().forEach(props::putIfAbsent);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + purpose);
        return props;
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    /** Runs one escalation check now (tests drive escalation with their clock through this). */
    public void checkEscalations() {
        if (escalation != null) {
            escalation.run();
        }
    }

    /** True when every consumer loop has joined its group. */
    public boolean isReady() {
        return started && !closed && !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::isAssigned);
    }

    /** The HTTP port in use, or -1 when no HTTP server runs. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The current alerts, newest first. */
    public List<Alert> alerts() {
        return store.list(alert -> true);
    }

    /** This instance's meter registry (also served at {@code /metrics}). */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        closing.countDown();
        closeNow();
    }

    private synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                Logger.warn("closing failed [resource: {}, error: {}]", resource.getClass().getSimpleName(),
                        e.toString());
            }
        }
        resources.clear();
        metrics.close();
        Logger.info("alert service stopped");
    }
}
