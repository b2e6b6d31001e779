package org.rpmpipeline.alerts.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.fhir.Narratives;
import org.rpmpipeline.alerts.fhir.ObservationIds;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.server.FhirServer;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.HttpApi;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.http.HttpSettings;

/**
 * What the Patient and Device entries of the FHIR transactions cost per reading (docs/BENCHMARKS.md), and for
 * comparison what a generated one-line narrative on every Observation would cost. The same kind of bundle of 250
 * Observations is encoded and delivered to the in-process server (as the service writes to it: over HTTP, with an
 * admin token) four ways, in rotating rounds in one JVM so a shared machine's load falls on all alike:
 * <ol>
 *   <li>without Patient/Device entries (references left as they are);</li>
 *   <li>with patients and devices seen for the first time in every bundle (their entries sent and the resources
 *       created);</li>
 *   <li>with the same patients and devices again, which the writer remembers from the server's answers (the
 *       steady state);</li>
 *   <li>without Patient/Device entries, each Observation with a generated narrative
 *       ({@code Oxygen saturation ...: 94 %, measured 2026-03-15T00:00:00Z}).</li>
 * </ol>
 * The readings follow AlertBenchmark's distribution (500 devices and patients, one hub: a bundle names 250
 * patients and 251 devices), the worst case for these entries. Prints the whole JVM's CPU time per reading of each
 * (the Observation's encode, the bundle, HTTP, the server's parse and store, GC), the median over the second half
 * of the rounds. Arguments: rounds (default 20), bundles per round (default 40).
 */
public final class ParticipantCostBenchmark {
    private static final int PER_BUNDLE = 250;
    private static final int NONE = 0;
    private static final int FIRST_SIGHT = 1;
    private static final int REMEMBERED = 2;
    private static final int NARRATIVE = 3;
    private static final int VARIANTS = 4;

    private ParticipantCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bundles = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        FhirServer server = new FhirServer(Clock.systemUTC(), FhirServer.DEFAULT_MAX_PER_TYPE);
        // as the service writes to its own server: with an admin token, through the access filter
        String token = "bench-writer";
        ApiAccess access = new ApiAccess(ApiTokens.of(Map.of(token, new Principal("bench", Role.ADMIN))), false);
        try (HttpApi http = HttpApi.start(HttpSettings.loopback(0, AlertConfig.DEFAULT_MAX_REQUEST_BYTES),
                Optional.empty(), access, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.of(server.servlet()))) {
            FhirWriter writer = new FhirWriter(http.localFhirBase(), Optional.of(token), Duration.ofSeconds(60));
            ObservationMapper mapper = new ObservationMapper();
            List<List<Double>> results = new ArrayList<>();
            for (int v = 0; v < VARIANTS; v++) {
                results.add(new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < VARIANTS; k++) {
                    int variant = (round + k) % VARIANTS;
                    List<List<Observed>> batch = new ArrayList<>();
                    for (int b = 0; b < bundles; b++) {
                        String prefix = "r" + round + "v" + variant + "-" + b;
                        // first sight: patients and devices new in every bundle; remembered: the same 500 each time
                        batch.add(bundle(mapper, prefix, variant == FIRST_SIGHT ? prefix + "-" : "",
                                variant == NARRATIVE));
                    }
                    long cpu = cpuNanos();
                    for (List<Observed> bundle : batch) {
                        writer.deliverEncoded(encode(bundle, variant == FIRST_SIGHT || variant == REMEMBERED));
                    }
                    double micros = (cpuNanos() - cpu) / 1e3 / (bundles * (double) PER_BUNDLE);
                    if (round >= rounds / 2) { // the first half warms the JIT
                        results.get(variant).add(micros);
                    }
                }
            }
            double none = median(results.get(NONE));
            double every = median(results.get(FIRST_SIGHT));
            double remembered = median(results.get(REMEMBERED));
            double narrative = median(results.get(NARRATIVE));
            System.out.printf(Locale.ROOT, "| Bundles of 250 Observations without Patient/Device entries | %.1f µs |%n",
                    none);
            System.out.printf(Locale.ROOT, "| The same, every bundle with its Patient/Device entries (250 patients, 251 "
                    + "devices) | %.1f µs (+%.1f µs) |%n", every, every - none);
            System.out.printf(Locale.ROOT, "| The same, the writer remembering where the server keeps them (steady "
                    + "state) | %.1f µs (+%.1f µs) |%n", remembered, remembered - none);
            System.out.printf(Locale.ROOT, "| Without Patient/Device entries, each Observation with a generated "
                    + "one-line narrative (not done) | %.1f µs (+%.1f µs) |%n", narrative, narrative - none);
        }
    }

    /** A mapped Observation and what its transaction entries need. */
    private record Observed(Observation observation, ObservationIds ids, Reading reading) {
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<Observed> bundle(ObservationMapper mapper, String prefix, String participantPrefix,
            boolean narrative) {
        List<Observed> out = new ArrayList<>();
        Instant base = Instant.parse("2026-03-15T00:00:00Z");
        for (int i = 0; i < PER_BUNDLE; i++) {
            String device = participantPrefix + "ox-" + (i % 500);
            Instant at = base.plusSeconds(i);
            Reading reading = new Reading(Schema.VERSION, Reading.idFor(prefix + device, VitalType.SPO2, at, null),
                    participantPrefix + "pat-" + (i % 500), device, "bench-hub", VitalType.SPO2,
                    BigDecimal.valueOf(90 + i % 10), "%", null, null, at, at.plusMillis(300), TimeSource.DEVICE, null,
                    null);
            ObservationIds ids = ObservationIds.of(reading);
            Observation observation = mapper.map(reading, ids);
            if (narrative) {
                observation.setText(Narratives.generated(reading.vital().display() + ": "
                        + reading.value().toPlainString() + " " + reading.unit() + ", measured "
                        + reading.measuredAt()));
            }
            out.add(new Observed(observation, ids, reading));
        }
        return out;
    }

    /** Encodes the bundle's Observations as the readings thread does, with or without their participants. */
    private static List<FhirWriter.EncodedResource> encode(List<Observed> bundle, boolean participants) {
        List<FhirWriter.EncodedResource> out = new ArrayList<>(bundle.size());
        for (Observed o : bundle) {
            String json = Fhir.toJson(o.observation());
            out.add(participants
                    ? new FhirWriter.EncodedResource("Observation", o.ids().system(), o.ids().value(), json,
                            o.reading().patientId(), List.of(o.reading().deviceId(), o.reading().hubId()), List.of())
                    : new FhirWriter.EncodedResource("Observation", o.ids().system(), o.ids().value(), json));
        }
        return out;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
