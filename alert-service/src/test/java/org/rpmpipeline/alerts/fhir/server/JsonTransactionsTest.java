package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirWriter;
import org.rpmpipeline.alerts.fhir.ObservationJsonTest;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;

/**
 * JSON transactions are read without HAPI's parser ({@link JsonTransactions}); XML ones still go through it. The
 * same bundles sent both ways leave the same store, and the JSON reading refuses what it cannot index, atomically.
 */
class JsonTransactionsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private final InProcessFhir viaJson = new InProcessFhir(CLOCK);
    private final InProcessFhir viaXml = new InProcessFhir(CLOCK);

    @AfterEach
    void stop() {
        viaJson.close();
        viaXml.close();
    }

    @Test
    void theSameBundlesAsJsonAndAsXml_leaveTheSameStoreAndGetTheSameAnswers() throws Exception {
        List<String> bundles = pipelineBundles();
        for (int round = 0; round < 2; round++) { // the second round is a redelivery: it changes nothing
            for (String json : bundles) {
                String xml = Fhir.context().newXmlParser().encodeResourceToString(
                        Fhir.context().newJsonParser().parseResource(Bundle.class, json));
                Bundle fromJson = answer(post(viaJson, json, Fhir.JSON_MEDIA_TYPE));
                Bundle fromXml = answer(post(viaXml, xml, "application/fhir+xml"));
                assertThat(fromJson.getEntry()).hasSameSizeAs(fromXml.getEntry());
                for (int i = 0; i < fromJson.getEntry().size(); i++) {
                    assertThat(fromJson.getEntry().get(i).getResponse().getStatus())
                            .isEqualTo(fromXml.getEntry().get(i).getResponse().getStatus());
                    assertThat(fromJson.getEntry().get(i).getResponse().getLocation())
                            .isEqualTo(fromXml.getEntry().get(i).getResponse().getLocation());
                }
            }
        }
        for (String type : List.of("Observation", "Patient", "Device", "DetectedIssue")) {
            List<InMemoryFhirStore.Entry> json = viaJson.server().store().entries(type);
            List<InMemoryFhirStore.Entry> xml = viaXml.server().store().entries(type);
            assertThat(json).as(type).isNotEmpty().hasSameSizeAs(xml);
            for (int i = 0; i < json.size(); i++) {
                InMemoryFhirStore.Entry a = json.get(i);
                InMemoryFhirStore.Entry b = xml.get(i);
                assertThat(a.id()).isEqualTo(b.id());
                assertThat(a.version()).isEqualTo(b.version()).isEqualTo(1);
                assertThat(a.identifierKeys()).isEqualTo(b.identifierKeys());
                assertThat(a.index()).as(a.id()).isEqualTo(b.index());
                Resource readA = InMemoryFhirStore.parse(a);
                assertThat(readA.equalsDeep(InMemoryFhirStore.parse(b))).as(a.json().text()).isTrue();
            }
        }
        assertThat(viaJson.server().store().entries("Observation")).allMatch(e -> e.index().hasEffective()
                && !e.index().codes().isEmpty() && e.index().patientId() != null);
    }

    @Test
    void aKeyTwiceInOneObject_isRefused_whereHapisParserWouldKeepTheLastOne() throws Exception {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Device\",\"id\":\"d1\",\"id\":\"d2\"},\"request\":{\"method\":\"PUT\","
                + "\"url\":\"Device/d1\"}}]}";

        HttpResponse<String> response = post(viaJson, bundle, Fhir.JSON_MEDIA_TYPE);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome").contains("Duplicate field");
        assertThat(viaJson.server().store().count("Device")).isZero();
    }

    @Test
    void anEntryItCannotIndex_refusesTheWholeTransaction() throws Exception {
        String good = "{\"resource\":{\"resourceType\":\"Device\",\"id\":\"d1\"},"
                + "\"request\":{\"method\":\"PUT\",\"url\":\"Device/d1\"}}";
        List<String> bad = List.of(
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"effectiveDateTime\":5}",
                "{\"resourceType\":\"Observation\",\"status\":\"finished\"}",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"effectiveDateTime\":\"2026-13-01\"}",
                "{\"resourceType\":\"Observation\",\"identifier\":\"x\"}",
                "{\"resourceType\":\"Observation\",\"subject\":\"Patient/1\"}",
                "{\"resourceType\":\"Observation\",\"code\":{\"coding\":{\"code\":\"8867-4\"}}}",
                "{\"resourceType\":\"Observation\",\"id\":\"not an id\"}",
                "{\"resourceType\":\"NoSuchThing\"}",
                "{\"id\":\"o1\"}");
        for (String resource : bad) {
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + good
                    + ",{\"resource\":" + resource + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";

            HttpResponse<String> response = post(viaJson, bundle, Fhir.JSON_MEDIA_TYPE);

            assertThat(response.statusCode()).as(resource).isEqualTo(400);
            assertThat(response.body()).as(resource).contains("entry 1");
            assertThat(viaJson.server().store().count("Device")).as(resource).isZero();
            assertThat(viaJson.server().store().count("Observation")).as(resource).isZero();
        }
    }

    @Test
    void theAnswerIsATransactionResponseInTheEntriesOrder() throws Exception {
        String bundle = pipelineBundles().get(0);

        Bundle answer = answer(post(viaJson, bundle, Fhir.JSON_MEDIA_TYPE));

        Bundle sent = Fhir.context().newJsonParser().parseResource(Bundle.class, bundle);
        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(answer.getEntry()).hasSameSizeAs(sent.getEntry());
        for (int i = 0; i < sent.getEntry().size(); i++) {
            assertThat(answer.getEntry().get(i).getResponse().getLocation())
                    .startsWith(sent.getEntry().get(i).getResource().fhirType() + "/");
            assertThat(answer.getEntry().get(i).getResponse().getStatus()).isEqualTo("201 Created");
        }
    }

    /** Transactions as the alert service's FHIR consumer builds them: Observations, alerts, Patient/Device entries. */
    private static List<String> pipelineBundles() {
        ObservationMapper mapper = new ObservationMapper();
        AlertResourceMapper alerts = new AlertResourceMapper();
        List<String> bundles = new ArrayList<>();
        List<FhirWriter.EncodedResource> batch = new ArrayList<>();
        int alert = 0;
        for (var reading : ObservationJsonTest.readings(new Random(11), 300)) {
            batch.add(FhirWriter.EncodedResource.of(mapper.map(reading)));
            if (batch.size() % 25 == 0) {
                Instant t0 = reading.measuredAt();
                batch.add(FhirWriter.EncodedResource.of(alerts.detectedIssue(new Alert(1, "alert-" + alert++,
                        reading.patientId(), "spo2-low", Severity.HIGH, AlertState.OPEN, List.of("f-1"),
                        new BigDecimal("89"), "SpO2 below 92 %", t0, t0, "system"), List.of())));
            }
            if (batch.size() >= 60) {
                bundles.add(FhirWriter.transactionJson(batch));
                batch.clear();
            }
        }
        bundles.add(FhirWriter.transactionJson(batch));
        return bundles;
    }

    private static HttpResponse<String> post(InProcessFhir fhir, String body, String contentType) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(fhir.base())
                .header("Authorization", "Bearer " + InProcessFhir.WRITER_TOKEN).header("Content-Type", contentType)
                .header("Accept", Fhir.JSON_MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Bundle answer(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
    }
}
