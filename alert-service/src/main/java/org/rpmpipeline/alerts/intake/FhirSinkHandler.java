package org.rpmpipeline.alerts.intake;

import ca.uhn.fhir.parser.DataFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirDeliveryException;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.tinylog.Logger;

/**
 * Delivers the FHIR JSON of {@code rpm.observations} and {@code rpm.fhir-resources} to the FHIR server: each polled
 * batch (a later record for the same resource replaces the earlier one, in its place) as transactions of at most
 * {@code maxBundleEntries} resources, in order. Every entry is a conditional write, so bundles of a batch that
 * are sent again after a later one failed change nothing. A delivery
 * that fails with a retriable error fails the batch: the loop does not commit, rewinds and retries with
 * backoff, so Kafka holds everything while the server is down. A refused bundle (4xx other than auth, timeout
 * and throttling) means a bug in the resources: it is counted and logged, and the batch is skipped.
 */
public final class FhirSinkHandler implements RecordHandler<String> {
    private final FhirWriter writer;
    private final int maxBundleEntries;
    private final MeterRegistry metrics;
    private final Map<String, FhirWriter.EncodedResource> batch = new LinkedHashMap<>();

    public FhirSinkHandler(FhirWriter writer, int maxBundleEntries, MeterRegistry metrics) {
        if (maxBundleEntries < 1) {
            throw new IllegalArgumentException("maxBundleEntries must be positive, was " + maxBundleEntries);
        }
        this.writer = writer;
        this.maxBundleEntries = maxBundleEntries;
        this.metrics = metrics;
    }

    @Override
    public void onBatchStart() {
        batch.clear();
    }

    @Override
    public List<Future<?>> handle(String key, String json, Headers headers) {
        FhirWriter.EncodedResource resource = FhirHeaders.read(headers, json).orElseGet(() -> encoded(json));
        String batchKey = resource.type() + "/" + resource.identifierSystem() + "|" + resource.identifierValue();
        // a later version replaces an earlier one in its place: a DetectedIssue stays ahead of the
        // Communications about it that followed it on the (patient-keyed) topic
        batch.put(batchKey, resource);
        return List.of();
    }

    /** A record without our headers: parse it to find its type and identifier. */
    private static FhirWriter.EncodedResource encoded(String json) {
        Resource resource;
        try {
            resource = (Resource) Fhir.context().newJsonParser().parseResource(json);
        } catch (DataFormatException | ClassCastException e) {
            throw new IllegalArgumentException("not a FHIR resource", e);
        }
        var identifiers = resource.getNamedProperty("identifier");
        if (identifiers == null || !identifiers.hasValues()) {
            throw new IllegalArgumentException(resource.fhirType() + " has no identifier");
        }
        Identifier identifier = (Identifier) identifiers.getValues()
                .get(0);
        return new FhirWriter.EncodedResource(resource.fhirType(), identifier.getSystem(), identifier.getValue(),
                json);
    }

    @Override
    public List<Future<?>> onBatchEnd() {
        List<FhirWriter.EncodedResource> all = new ArrayList<>(batch.values());
        batch.clear();
        for (int from = 0; from < all.size(); from += maxBundleEntries) {
            Optional<Future<?>> failed = deliver(all.subList(from, Math.min(all.size(), from + maxBundleEntries)));
            if (failed.isPresent()) {
                return List.of(failed.get());
            }
        }
        return List.of();
    }

    /** One transaction; a failed future if a retry can help (the loop then rewinds the batch). */
    private Optional<Future<?>> deliver(List<FhirWriter.EncodedResource> resources) {
        try {
            writer.deliverEncoded(resources);
            metrics.counter("rpm.alerts.fhir.delivered").increment(resources.size());
            return Optional.empty();
        } catch (FhirDeliveryException e) {
            if (e.retriable()) {
                metrics.counter("rpm.alerts.fhir.failures", "kind", "retriable").increment();
                return Optional.of(CompletableFuture.failedFuture(new KafkaException(
                        "FHIR delivery failed: " + e.getMessage(), e)));
            }
            metrics.counter("rpm.alerts.fhir.failures", "kind", "refused").increment();
            metrics.counter("rpm.alerts.fhir.refused").increment(resources.size());
            Logger.error("FHIR server refused a transaction, skipping it [resources: {}, error: {}]",
                    resources.size(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void onBatchFailed() {
        batch.clear();
    }
}
