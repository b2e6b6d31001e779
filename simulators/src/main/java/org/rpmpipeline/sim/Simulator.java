package org.rpmpipeline.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.sim.device.BleEncoder;
import org.rpmpipeline.sim.device.Encoding;
import org.rpmpipeline.sim.device.Hostile;
import org.rpmpipeline.sim.device.JsonEncoder;
import org.rpmpipeline.sim.device.Measurement;
import org.rpmpipeline.sim.mqtt.HiveMqHubLink;
import org.rpmpipeline.sim.mqtt.HubLink;
import org.rpmpipeline.sim.mqtt.HubStatus;
import org.rpmpipeline.sim.mqtt.OutboundMessage;
import org.rpmpipeline.sim.patient.VirtualPatient;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.ScenarioFile;
import org.rpmpipeline.sim.scenario.Scenarios;
import org.rpmpipeline.sim.scenario.Emission;
import org.rpmpipeline.sim.scenario.Emissions;
import org.tinylog.Logger;

/**
 * Runs a scenario against an MQTT broker: each hub is one connection; each measurement is published at QoS 1 to
 * {@code rpm/v1/{deviceId}/vitals} with the user properties {@code hubId}, {@code relayReceivedAt} and
 * {@code correlationId}, and counted as acknowledged when the PUBACK arrives.
 *
 * <p>Scenario time runs at {@link SimulatorConfig#speed()} times real time. At speed 1 measurement times are the
 * real present; faster runs are backdated so that the last measurement is the present and none lies in the future.
 * One pacing thread publishes; at most {@link SimulatorConfig#maxInFlight()} publishes wait for acks at once.
 */
public final class Simulator implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(5);

    private final SimulatorConfig config;
    private final Scenario scenario;
    private final Clock clock;
    private final HubLink link;
    private final List<SimulatorListener> listeners;
    private final String runId;
    private final ScheduledExecutorService pacer;
    private final InFlightLimit permits;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean finishLogged = new AtomicBoolean();
    private final LongAdder published = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private final LongAdder hostile = new LongAdder();
    private final ConcurrentHistogram ackLatency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Recorder ackInterval = new Recorder(3_600_000_000L, 3);
    private final Map<String, PatientCounter> byPatient = new ConcurrentHashMap<>();
    private volatile boolean publishingFinished;
    private volatile Instant scenarioStart;
    private Emissions emissions;
    private volatile Pace pace;

    private Simulator(Builder builder) {
        this.config = builder.config;
        this.clock = builder.clock;
        this.scenario = builder.scenario != null ? builder.scenario : configuredScenario(config);
        this.link = builder.link != null ? builder.link : HiveMqHubLink.withOfflineWill(config);
        this.listeners = List.copyOf(builder.listeners);
        this.runId = builder.runId != null ? builder.runId : newRunId();
        this.permits = new InFlightLimit(config.maxInFlight());
        for (VirtualPatient patient : scenario.patients()) {
            byPatient.put(patient.patientId(), new PatientCounter(patient.profile()));
        }
        this.pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpm-sim-pacer-" + runId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The scenario {@code config} names: a scenario file or a built-in scenario with the configured options. */
    public static Scenario configuredScenario(SimulatorConfig config) {
        if (ScenarioFile.isFileName(config.scenario())) {
            return ScenarioFile.load(java.nio.file.Path.of(config.scenario()), config.scenarioOptions());
        }
        return Scenarios.named(config.scenario(), config.scenarioOptions());
    }

    /** A fresh run id: 8 hex digits. */
    public static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A builder; without further settings it runs the configured built-in scenario over HiveMQ connections. */
    public static Builder builder(SimulatorConfig config) {
        return new Builder(config);
    }

    /** The configured scenario over real MQTT connections, on the system clock. */
    public static Simulator create(SimulatorConfig config) {
        return builder(config).build();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Identifies this run; every correlation id starts with it. */
    public String runId() {
        return runId;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Connects the hubs (waits up to 30 s; a refused connection fails at once) and starts publishing in the
     * background.
     *
     * @throws IllegalStateException if the broker cannot be reached
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("the simulator is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        List<String> hubs = scenario.hubIds();
        try {
            link.connect(hubs).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + config.mqttUrl(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = e instanceof TimeoutException ? "no connection within " + CONNECT_TIMEOUT.toSeconds()
                    + " s (is the broker running and reachable?)" : rootMessage(cause);
            throw new IllegalStateException("cannot connect to the MQTT broker " + config.mqttUrl()
                    + " (--mqtt-url, " + SimulatorConfig.MQTT_URL + "): " + why, cause);
        }
        if (config.hubStatus()) {
            for (String hub : hubs) {
                link.publish(hub, new OutboundMessage(MqttTopics.status(hub),
                        HubStatus.json(hub, true, clock.instant()), OutboundMessage.JSON, true, List.of()));
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Duration backdate = config.speed() > 1
                ? Duration.ofMillis((long) (config.duration().toMillis() * (1 - 1 / config.speed())))
                : Duration.ZERO;
        scenarioStart = now.minus(backdate);
        emissions = scenario.emissions(config.duration());
        pace = new Pace(System.nanoTime(), config.speed(), config.maxLag());
        Logger.info("simulator started [scenario: {}, run: {}, patients: {}, devices: {}, duration: {}, speed: {}]",
                scenario.name(), runId, scenario.patients().size(), scenario.deviceCount(), config.duration(),
                config.speed());
        pacer.execute(this::tick);
    }

    /** Waits until every measurement was published and settled (acked or failed); true if that happened. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the run has finished or was closed. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /**
     * How far publishing fell behind the schedule and moved it later to stay within {@code rpm.sim.max-lag}; zero
     * without that limit or before {@link #start()}.
     */
    public Duration slipped() {
        Pace current = pace;
        return current == null ? Duration.ZERO : current.slipped();
    }

    /** When scenario time 0 is in real time (available after {@link #start()}). */
    public Instant scenarioStart() {
        return scenarioStart;
    }

    public SimulatorStats stats() {
        Map<String, SimulatorStats.PatientStats> patients = new java.util.HashMap<>();
        byPatient.forEach((id, c) -> patients.put(id, c.snapshot()));
        // Read acknowledged and failed before published so that in-flight is never negative.
        long ack = acknowledged.sum();
        long fail = failed.sum();
        return new SimulatorStats(Math.max(published.sum(), ack + fail), ack, fail, readings.sum(), hostile.sum(),
                patients);
    }

    private long inFlight() {
        long settled = acknowledged.sum() + failed.sum();
        return published.sum() - settled;
    }

    /** Publish-to-PUBACK latency so far, in microseconds (a copy). */
    public Histogram ackLatencyMicros() {
        return ackLatency.copy();
    }

    /**
     * Publish-to-PUBACK latency since the previous call, in microseconds. Meant for one sampler (the progress
     * line); each call starts a new interval.
     */
    public Histogram ackLatencyIntervalMicros() {
        return ackInterval.getIntervalHistogram();
    }

    /** Stops publishing, waits up to 5 s for outstanding acks, disconnects. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publishingFinished = true;
        pacer.shutdownNow();
        settle();
        try {
            if (started.get() && !done.await(DRAIN_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.warn("closing with publishes still awaiting their ack [in flight: {}]", inFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        done.countDown();
    }

    private void tick() {
        try {
            if (closed.get()) {
                return;
            }
            long elapsed = pace.elapsedMillis(System.nanoTime(), emissions.nextDueMillis());
            while (emissions.hasNext() && emissions.nextDueMillis() <= elapsed) {
                Emission head = emissions.peek();
                int copies = head.copies() * messageCount(head);
                if (!permits.tryAcquire(copies, 100)) {
                    pacer.execute(this::tick);
                    return;
                }
                if (closed.get()) {
                    permits.release(copies);
                    return;
                }
                publish(emissions.next());
            }
            if (!emissions.hasNext()) {
                publishingFinished = true;
                Logger.debug("every measurement published [run: {}, published: {}]", runId, published.sum());
                settle();
                return;
            }
            long wait = emissions.nextDueMillis() - elapsed;
            pacer.schedule(this::tick, pace.realNanos(wait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed.get()) {
                Logger.error(e, "the simulator stopped publishing [run: {}]", runId);
                publishingFinished = true;
                settle();
            }
        }
    }

    private void publish(Emission emission) {
        Measurement primary = emission.primary();
        PatientCounter patient = byPatient.get(primary.patientId());
        for (Outgoing outgoing : messages(emission)) {
            Publication publication = outgoing.publication;
            int readingCount = publication.readings();
            for (int copy = 0; copy < emission.copies(); copy++) {
                published.increment();
                readings.add(readingCount);
                patient.published.increment();
                patient.readings.add(readingCount);
                if (publication.hostile()) {
                    hostile.increment();
                }
                listeners.forEach(l -> l.published(publication));
                long sentAt = System.nanoTime();
                CompletableFuture<Void> sent;
                try {
                    sent = link.publish(primary.hubId(), outgoing.message);
                } catch (RuntimeException e) {
                    sent = CompletableFuture.failedFuture(e);
                }
                sent.whenComplete((ok, failure) -> {
                    if (failure == null) {
                        long micros = Math.min(3_600_000_000L, (System.nanoTime() - sentAt) / 1000);
                        ackLatency.recordValue(micros);
                        ackInterval.recordValue(micros);
                    }
                    settled(publication, patient, failure);
                });
            }
        }
    }

    /**
     * How many MQTT messages an emission becomes (before copies); in BLE mode one per measurement, a kind without
     * a GATT characteristic (the NEWS2 check-in) as a JSON message.
     */
    private int messageCount(Emission emission) {
        return emission.hostile() == null && config.encoding() == Encoding.BLE ? emission.measurements().size() : 1;
    }

    private List<Outgoing> messages(Emission emission) {
        Measurement primary = emission.primary();
        List<Outgoing> out = new ArrayList<>(1);
        if (emission.hostile() != null) {
            String correlationId = correlationId(primary);
            if (emission.hostile().isBle() && primary.kind().hasGattCharacteristic()) {
                byte[] bytes = Hostile.truncate(primary.kind(),
                        BleEncoder.encode(primary, measuredAt(emission, primary)));
                String topic = MqttTopics.ble(primary.deviceId(), BleEncoder.uuid16(primary.kind()));
                out.add(new Outgoing(new Publication(correlationId, topic, measuredAt(emission, primary), emission),
                        new OutboundMessage(topic, bytes, OutboundMessage.OCTET_STREAM, false,
                                properties(primary, correlationId, true))));
            } else {
                String topic = MqttTopics.vitals(emission.hostile().topicDeviceId(primary.deviceId()));
                byte[] payload = emission.hostile().payload(primary.deviceId(), primary.sequence(),
                        scheduled(primary.offset()));
                out.add(new Outgoing(new Publication(correlationId, topic, measuredAt(emission, primary), emission),
                        new OutboundMessage(topic, payload, OutboundMessage.JSON, true,
                                properties(primary, correlationId, false))));
            }
            return out;
        }
        if (config.encoding() == Encoding.BLE) {
            for (Measurement m : emission.measurements()) {
                Emission single = new Emission(emission.dueMillis(), List.of(m), emission.copies(),
                        emission.clockUnset(), emission.clockSkew(), null);
                String correlationId = correlationId(m);
                if (!m.kind().hasGattCharacteristic()) {
                    String jsonTopic = MqttTopics.vitals(m.deviceId());
                    out.add(new Outgoing(new Publication(correlationId, jsonTopic, measuredAt(emission, m), single),
                            new OutboundMessage(jsonTopic, JsonEncoder.encode(List.of(m), x -> measuredAt(emission, x)),
                                    OutboundMessage.JSON, true, properties(m, correlationId, false))));
                    continue;
                }
                String topic = MqttTopics.ble(m.deviceId(), BleEncoder.uuid16(m.kind()));
                Instant at = measuredAt(emission, m);
                out.add(new Outgoing(new Publication(correlationId, topic, at, single),
                        new OutboundMessage(topic, BleEncoder.encode(m, at), OutboundMessage.OCTET_STREAM, false,
                                properties(m, correlationId, true))));
            }
            return out;
        }
        String correlationId = correlationId(primary);
        String topic = MqttTopics.vitals(primary.deviceId());
        byte[] payload = JsonEncoder.encode(emission.measurements(), m -> measuredAt(emission, m));
        out.add(new Outgoing(new Publication(correlationId, topic, measuredAt(emission, primary), emission),
                new OutboundMessage(topic, payload, OutboundMessage.JSON, true,
                        properties(primary, correlationId, false))));
        return out;
    }

    private String correlationId(Measurement m) {
        return runId + "." + m.deviceId() + "." + m.sequence();
    }

    private List<Map.Entry<String, String>> properties(Measurement m, String correlationId, boolean ble) {
        List<Map.Entry<String, String>> properties = new ArrayList<>(4);
        properties.add(Map.entry(UserProperties.HUB_ID, m.hubId()));
        properties.add(Map.entry(UserProperties.RELAY_RECEIVED_AT,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()));
        if (ble) {
            properties.add(Map.entry(UserProperties.TZ_OFFSET, BleEncoder.TZ_OFFSET));
        }
        properties.add(Map.entry(UserProperties.CORRELATION_ID, correlationId));
        return properties;
    }

    private record Outgoing(Publication publication, OutboundMessage message) {
    }

    private Instant measuredAt(Emission emission, Measurement m) {
        return emission.clockUnset() ? null : scheduled(m.offset()).plus(emission.clockSkew());
    }

    /**
     * When a measurement at this scenario offset happens in real time: on the schedule, moved later by what the
     * schedule slipped (real time, so that with a speed above 1 no timestamp lies in the future either).
     */
    private Instant scheduled(Duration offset) {
        return scenarioStart.plus(offset).plus(pace.slipped());
    }

    private void settled(Publication publication, PatientCounter patient, Throwable failure) {
        if (failure == null) {
            acknowledged.increment();
            patient.acknowledged.increment();
            listeners.forEach(l -> l.acknowledged(publication));
        } else {
            failed.increment();
            patient.failed.increment();
            Logger.debug("publish failed [device: {}, correlation: {}, error: {}]", publication.deviceId(),
                    publication.correlationId(), failure.toString());
            listeners.forEach(l -> l.failed(publication, failure));
        }
        permits.release(1);
        settle();
    }

    private void settle() {
        if (publishingFinished && done.getCount() > 0 && inFlight() == 0) {
            if (!closed.get() && finishLogged.compareAndSet(false, true)) {
                SimulatorStats s = stats();
                Logger.info("simulator finished [scenario: {}, run: {}, published: {}, acknowledged: {}, failed: {},"
                        + " schedule slipped ms: {}]", scenario.name(), runId, s.published(), s.acknowledged(),
                        s.failed(), slipped().toMillis());
            }
            done.countDown();
        }
    }

    /** Builds a {@link Simulator}. */
    public static final class Builder {
        private final SimulatorConfig config;
        private Scenario scenario;
        private Clock clock = Clock.systemUTC();
        private HubLink link;
        private final List<SimulatorListener> listeners = new ArrayList<>();
        private String runId;

        private Builder(SimulatorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Runs this scenario instead of the configured built-in one. */
        public Builder scenario(Scenario value) {
            this.scenario = value;
            return this;
        }

        /** The clock measurement and relay times come from. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Publishes through this link instead of HiveMQ client connections. */
        public Builder link(HubLink value) {
            this.link = value;
            return this;
        }

        /** Adds a listener told about every publish and its outcome. */
        public Builder listener(SimulatorListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** The run id correlation ids start with (an opaque id without '.'); random by default. */
        public Builder runId(String value) {
            if (!org.rpmpipeline.contract.Ids.isValid(value) || value.contains(".")) {
                throw new IllegalArgumentException("a run id is an opaque id without '.', was \"" + value + "\"");
            }
            this.runId = value;
            return this;
        }

        public Simulator build() {
            return new Simulator(this);
        }
    }

    private static final class PatientCounter {
        final String profile;
        final LongAdder published = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder readings = new LongAdder();

        PatientCounter(String profile) {
            this.profile = profile;
        }

        SimulatorStats.PatientStats snapshot() {
            long ack = acknowledged.sum();
            long fail = failed.sum();
            return new SimulatorStats.PatientStats(profile, Math.max(published.sum(), ack + fail), ack, fail,
                    readings.sum());
        }
    }
}
