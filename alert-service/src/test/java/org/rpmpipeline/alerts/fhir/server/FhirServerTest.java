package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirDeliveryException;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.Readings;
import org.rpmpipeline.alerts.http.HttpApi;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.FreePort;
import org.rpmpipeline.http.HttpSettings;

class FhirServerTest {
    /** A writer's token: writes to the FHIR server need the admin role. */
    private static final String TOKEN = "t-fhir-admin";
    private final FhirServer server = new FhirServer(Clock.systemUTC());
    private HttpApi http;
    private FhirWriter writer;

    @BeforeEach
    void start() {
        ApiAccess access = new ApiAccess(ApiTokens.of(Map.of(TOKEN, new Principal("test", Role.ADMIN))), false);
        http = HttpApi.start(HttpSettings.loopback(0, AlertConfig.DEFAULT_MAX_REQUEST_BYTES), Optional.empty(),
                access, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.of(server.servlet()));
        writer = new FhirWriter(base(), Optional.of(TOKEN), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void conditionalCreateMakesARetriedTransactionIdempotent() throws Exception {
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.SPO2, "90"));

        writer.deliver(List.of(observation));
        writer.deliver(List.of(observation));

        assertThat(server.store().count("Observation")).isEqualTo(1);
        assertThat(server.store().all("Observation").get(0).getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void preEncodedTransactionIsIdempotentToo() throws Exception {
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.HEART_RATE, "61"));
        FhirWriter.EncodedResource encoded = new FhirWriter.EncodedResource("Observation",
                observation.getIdentifierFirstRep().getSystem(), observation.getIdentifierFirstRep().getValue(),
                Fhir.toJson(observation));

        writer.deliverEncoded(List.of(encoded));
        writer.deliverEncoded(List.of(encoded));

        assertThat(server.store().byIdentifier("Observation", observation.getIdentifierFirstRep().getSystem(),
                observation.getIdentifierFirstRep().getValue())).hasSize(1);
        assertThat(server.store().count("Observation")).isEqualTo(1);
    }

    @Test
    void storeKeepsTheDeliveredJsonAndReadsItBackAsTheSameResourceWithIdAndVersion() throws Exception {
        Observation observation = new ObservationMapper().map(Readings.bloodPressure("150", "95"));
        writer.deliverEncoded(List.of(new FhirWriter.EncodedResource("Observation",
                observation.getIdentifierFirstRep().getSystem(), observation.getIdentifierFirstRep().getValue(),
                Fhir.toJson(observation))));

        Resource stored = server.store().all("Observation").get(0);
        Observation expected = observation.copy();
        expected.setId(stored.getId());
        expected.getMeta().setVersionId("1").setLastUpdated(stored.getMeta().getLastUpdated());

        assertThat(stored.getIdElement().getIdPart()).isEqualTo(observation.getIdElement().getIdPart());
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
        assertThat(stored.equalsDeep(expected)).as("read back: " + Fhir.toJson(stored)).isTrue();
        assertThat(server.store().ofPatient("Observation", "pat-9")).hasSize(1);
        assertThat(server.store().ofPatient("Observation", "someone-else")).isEmpty();
    }

    @Test
    void jsonTransactionIsAnsweredWithAValidTransactionResponse() throws Exception {
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.SPO2, "93"));
        String bundle = FhirWriter.transactionJson(List.of(new FhirWriter.EncodedResource("Observation",
                observation.getIdentifierFirstRep().getSystem(), observation.getIdentifierFirstRep().getValue(),
                Fhir.toJson(observation))));

        Bundle first = postBundle(bundle, Fhir.JSON_MEDIA_TYPE);
        Bundle second = postBundle(bundle, Fhir.JSON_MEDIA_TYPE);

        String location = "Observation/" + observation.getIdElement().getIdPart();
        assertThat(first.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(first.getEntryFirstRep().getResponse().getStatus()).isEqualTo("201 Created");
        assertThat(first.getEntryFirstRep().getResponse().getLocation()).isEqualTo(location);
        assertThat(second.getEntryFirstRep().getResponse().getStatus()).isEqualTo("200 OK");
        assertThat(second.getEntryFirstRep().getResponse().getLocation()).isEqualTo(location);
        assertThat(server.store().count("Observation")).isEqualTo(1);
    }

    @Test
    void xmlTransactionGoesThroughHapisOwnHandling() throws Exception {
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.HEART_RATE, "58"));
        String xml = Fhir.context().newXmlParser().encodeResourceToString(FhirWriter.transaction(
                List.of(observation)));

        Bundle response = postBundle(xml, "application/fhir+xml");

        assertThat(response.getEntryFirstRep().getResponse().getStatus()).isEqualTo("201 Created");
        assertThat(server.store().byIdentifier("Observation", observation.getIdentifierFirstRep().getSystem(),
                observation.getIdentifierFirstRep().getValue())).singleElement()
                .satisfies(r -> assertThat(((Observation) r).getValueQuantity().getValue()).isEqualByComparingTo("58"));
    }

    @Test
    void malformedJsonTransactionIsRefusedNotStored() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base())
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
                        + "\"entry\":[{\"resource\":{\"resourceType\":\"Observation\"")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(server.store().count("Observation")).isZero();
    }

    private Bundle postBundle(String body, String contentType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base())
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", contentType).header("Accept", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
    }

    @Test
    void conditionalUpdateReplacesTheAlertsDetectedIssue() throws Exception {
        AlertResourceMapper mapper = new AlertResourceMapper();

        writer.deliver(List.of(mapper.detectedIssue(alert(AlertState.OPEN), List.of())));
        writer.deliver(List.of(mapper.detectedIssue(alert(AlertState.ACKNOWLEDGED), List.of())));

        List<Resource> issues = server.store().all("DetectedIssue");
        assertThat(issues).singleElement().satisfies(r -> {
            assertThat(((DetectedIssue) r).getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
            assertThat(r.getMeta().getVersionId()).isEqualTo("2");
        });
    }

    @Test
    void observationsCanBeSearchedByPatientOverRest() throws Exception {
        writer.deliver(List.of(new ObservationMapper().map(Readings.of(VitalType.HEART_RATE, "72")),
                new ObservationMapper().map(Readings.of(VitalType.SPO2, "97"))));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/Observation?patient=pat-9")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/Observation?patient=someone-else")).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        Bundle bundle = Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(Fhir.context().newJsonParser().parseResource(Bundle.class, none.body()).getEntry()).isEmpty();
    }

    @Test
    void unreachableServerIsARetriableFailure() {
        FhirWriter nowhere = new FhirWriter(URI.create("http://localhost:" + FreePort.pick() + "/fhir"),
                Optional.empty(), Duration.ofSeconds(2));
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.SPO2, "90"));

        assertThatThrownBy(() -> nowhere.deliver(List.of(observation))).isInstanceOf(FhirDeliveryException.class)
                .matches(e -> ((FhirDeliveryException) e).retriable());
    }

    @Test
    void refusedBundleIsNotRetriable() {
        FhirWriter wrongPath = new FhirWriter(URI.create(base() + "/Nonsense/x"), Optional.of(TOKEN),
                Duration.ofSeconds(2));
        Observation observation = new ObservationMapper().map(Readings.of(VitalType.SPO2, "90"));

        assertThatThrownBy(() -> wrongPath.deliver(List.of(observation))).isInstanceOf(FhirDeliveryException.class)
                .matches(e -> !((FhirDeliveryException) e).retriable());
    }

    private URI base() {
        return http.localFhirBase();
    }

    private static Alert alert(AlertState state) {
        Instant t0 = Instant.parse("2026-03-15T08:30:00Z");
        return new Alert(1, "alert-1", "pat-1", "spo2-low", Severity.HIGH, state, List.of("f-1"),
                new BigDecimal("89"), "SpO2 below 92 %", t0, t0, "system");
    }
}
