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
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirWriter;
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
 * What the Patient and Device entries cost per reading (docs/BENCHMARKS.md): the same bundles of 250 Observations
 * delivered to the in-process server three ways, in rotating rounds in one JVM so a shared machine's load falls on
 * all alike: without Patient/Device entries; with patients and devices seen for the first time in every bundle
 * (their entries sent and the resources created); and with the same patients and devices again, which the writer
 * remembers from the server's answers (the steady state). The readings follow AlertBenchmark's distribution (500 devices and patients, one
 * hub: a bundle names 250 patients and 251 devices), the worst case for these entries. Prints the whole JVM's CPU
 * time per reading of each (sending, HTTP, the server's parse and store). Arguments: rounds (default 20), bundles
 * per round (default 40).
 */
public final class ParticipantCostBenchmark {
    private ParticipantCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bundles = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        FhirServer server = new FhirServer(Clock.systemUTC(), 100_000);
        // as the service writes to its own server: with an admin token, through the access filter
        String token = "bench-writer";
        ApiAccess access = new ApiAccess(ApiTokens.of(Map.of(token, new Principal("bench", Role.ADMIN))), false);
        try (HttpApi http = HttpApi.start(HttpSettings.loopback(0, AlertConfig.DEFAULT_MAX_REQUEST_BYTES),
                Optional.empty(), access, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.of(server.servlet()))) {
            FhirWriter writer = new FhirWriter(http.localFhirBase(), Optional.of(token), Duration.ofSeconds(60));
            ObservationMapper mapper = new ObservationMapper();
            // the first half of the rounds warms the JIT: only the second half is measured
            List<List<Double>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 3; k++) {
                    int variant = (round + k) % 3; // 0 none, 1 every bundle, 2 remembered
                    List<List<FhirWriter.EncodedResource>> batch = new ArrayList<>();
                    for (int b = 0; b < bundles; b++) {
                        String prefix = "r" + round + "v" + variant + "-" + b;
                        // first sight: patients and devices new in every bundle; remembered: the same 500 each time
                        batch.add(bundle(mapper, prefix, variant != 0, variant == 1 ? prefix + "-" : ""));
                    }
                    long cpu = cpuNanos();
                    for (List<FhirWriter.EncodedResource> bundle : batch) {
                        writer.deliverEncoded(bundle);
                    }
                    double micros = (cpuNanos() - cpu) / 1e3 / (bundles * 250.0);
                    if (round >= rounds / 2) { // the first half warms the JIT
                        results.get(variant).add(micros);
                    }
                }
            }
            double none = median(results.get(0));
            double every = median(results.get(1));
            double remembered = median(results.get(2));
            System.out.printf(Locale.ROOT, "| Bundles of 250 Observations without Patient/Device entries | %.1f µs |%n",
                    none);
            System.out.printf(Locale.ROOT, "| The same, every bundle with its Patient/Device entries (250 patients, 251 "
                    + "devices) | %.1f µs (+%.1f µs) |%n", every, every - none);
            System.out.printf(Locale.ROOT, "| The same, the writer remembering where the server keeps them (steady "
                    + "state) | %.1f µs (+%.1f µs) |%n", remembered, remembered - none);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<FhirWriter.EncodedResource> bundle(ObservationMapper mapper, String prefix,
            boolean participants, String participantPrefix) {
        List<FhirWriter.EncodedResource> out = new ArrayList<>();
        Instant base = Instant.parse("2026-03-15T00:00:00Z");
        for (int i = 0; i < 250; i++) {
            String device = participantPrefix + "ox-" + (i % 500);
            Instant at = base.plusSeconds(i);
            Reading reading = new Reading(Schema.VERSION, Reading.idFor(prefix + device, VitalType.SPO2, at, null),
                    participantPrefix + "pat-" + (i % 500), device, "bench-hub", VitalType.SPO2,
                    BigDecimal.valueOf(90 + i % 10), "%", null, null, at, at.plusMillis(300), TimeSource.DEVICE, null,
                    null);
            ObservationIds ids = ObservationIds.of(reading);
            String json = Fhir.toJson(mapper.map(reading, ids));
            out.add(participants
                    ? new FhirWriter.EncodedResource("Observation", ids.system(), ids.value(), json,
                            reading.patientId(), List.of(device, "bench-hub"), List.of())
                    : new FhirWriter.EncodedResource("Observation", ids.system(), ids.value(), json));
        }
        return out;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
