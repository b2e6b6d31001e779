package org.rpmpipeline.alerts.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.rpmpipeline.contract.topic.HeaderNames;

/**
 * Kafka headers this service puts on FHIR JSON records ({@code rpm.observations}, {@code rpm.fhir-resources}) so
 * its FHIR consumer can build transaction entries without parsing each resource. Records without them (written by
 * someone else) are parsed instead.
 */
public final class FhirHeaders {
    /** The resource type, e.g. {@code Observation}. */
    public static final String TYPE = "rpm-fhir-type";
    /** The identifier system of the resource's first identifier. */
    public static final String IDENTIFIER_SYSTEM = "rpm-fhir-identifier-system";
    /** The identifier value of the resource's first identifier. */
    public static final String IDENTIFIER_VALUE = "rpm-fhir-identifier-value";

    private FhirHeaders() {
    }

    public static Map<String, String> of(String type, String system, String value) {
        return Map.of(HeaderNames.CONTENT_TYPE, Fhir.JSON_MEDIA_TYPE, TYPE, type, IDENTIFIER_SYSTEM, system,
                IDENTIFIER_VALUE, value);
    }

    /** The encoded resource described by {@code headers}, if they describe it. */
    public static Optional<FhirWriter.EncodedResource> read(Headers headers, String json) {
        Optional<String> type = value(headers, TYPE);
        Optional<String> system = value(headers, IDENTIFIER_SYSTEM);
        Optional<String> id = value(headers, IDENTIFIER_VALUE);
        if (type.isEmpty() || system.isEmpty() || id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FhirWriter.EncodedResource(type.get(), system.get(), id.get(), json));
    }

    private static Optional<String> value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
