package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.VitalType;

/** A transaction assembled from already encoded resources is the bundle HAPI would have built from the objects. */
class PreEncodedBundleTest {
    private final ObservationMapper mapper = new ObservationMapper();

    @Test
    void bundleFromPreEncodedJsonParsesWithHapiIntoTheSameResourcesAndRequests() {
        Instant t0 = Instant.parse("2026-03-15T08:30:00Z");
        List<Resource> resources = List.of(mapper.map(Readings.of(VitalType.SPO2, "91")),
                mapper.map(Readings.bloodPressure("150", "95")),
                mapper.map(Readings.absent(VitalType.HEART_RATE, DataAbsentReason.values()[0])),
                new AlertResourceMapper().detectedIssue(new Alert(1, "alert-1", "pat-9", "spo2-low", Severity.HIGH,
                        AlertState.OPEN, List.of("f-1"), new BigDecimal("89"), "SpO2 ≤ 91 % — «low»", t0, t0,
                        "system"), List.of()));
        List<FhirWriter.EncodedResource> encoded = resources.stream().map(r -> {
            Identifier id = (Identifier) r.getNamedProperty("identifier").getValues().get(0);
            return new FhirWriter.EncodedResource(r.fhirType(), id.getSystem(), id.getValue(), Fhir.toJson(r));
        }).toList();

        Bundle fromJson = Fhir.context().newJsonParser().parseResource(Bundle.class,
                FhirWriter.transactionJson(encoded));
        Bundle fromObjects = Fhir.context().newJsonParser().parseResource(Bundle.class,
                Fhir.toJson(FhirWriter.transaction(resources)));

        assertThat(fromJson.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(fromJson.getEntry()).hasSameSizeAs(resources);
        for (int i = 0; i < resources.size(); i++) {
            Bundle.BundleEntryComponent entry = fromJson.getEntry().get(i);
            Bundle.BundleEntryComponent expected = fromObjects.getEntry().get(i);
            // (the object-built bundle's entries carry fullUrls, which HAPI turns into ids: compare with the original)
            Resource original = (Resource) Fhir.context().newJsonParser().parseResource(Fhir.toJson(resources.get(i)));
            assertThat(entry.getResource().equalsDeep(original)).as("entry %d resource equals the original", i)
                    .isTrue();
            assertThat(entry.getResource().getIdElement().getIdPart())
                    .isEqualTo(resources.get(i).getIdElement().getIdPart());
            assertThat(entry.getRequest().equalsDeep(expected.getRequest()))
                    .as("entry %d request (method, url, ifNoneExist) equals HAPI's", i).isTrue();
        }
        assertThat(fromJson.getEntry().get(0).getRequest().getIfNoneExist())
                .startsWith("identifier=urn:rpm-pipeline:observation|");
        assertThat(fromJson.getEntry().get(3).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
    }

    @Test
    void requestUrlsAreJsonEscaped() {
        String value = "a \"quoted\" \\ value\tµ";
        String json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}";
        Bundle bundle = Fhir.context().newJsonParser().parseResource(Bundle.class, FhirWriter.transactionJson(List.of(
                new FhirWriter.EncodedResource("Observation", "urn:test", value, json),
                new FhirWriter.EncodedResource("DetectedIssue", "urn:test", value, json.replace("Observation",
                        "DetectedIssue")))));

        assertThat(bundle.getEntry().get(0).getRequest().getIfNoneExist()).isEqualTo("identifier=urn:test|" + value);
        assertThat(bundle.getEntry().get(1).getRequest().getUrl())
                .isEqualTo("DetectedIssue?identifier=urn:test|" + value);
    }
}
