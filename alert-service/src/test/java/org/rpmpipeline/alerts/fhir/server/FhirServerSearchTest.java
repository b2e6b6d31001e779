package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The vital-signs searches against the in-process server over REST: patient, code, category, date with prefixes,
 * {@code _lastUpdated}, {@code _sort}, and paging that neither repeats nor skips, with the total.
 */
class FhirServerSearchTest {
    private static final Instant T0 = Instant.parse("2026-03-15T00:00:00Z");
    /** Writes are stamped 1 s apart from T0 + 1 day, so {@code _lastUpdated} is predictable. */
    private static final AtomicLong TICK = new AtomicLong();
    private static InProcessFhir fhir;

    @BeforeAll
    static void load() throws Exception {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return T0.plusSeconds(86_400 + TICK.getAndIncrement());
            }
        };
        fhir = new InProcessFhir(clock);
        ObservationMapper mapper = new ObservationMapper();
        List<Resource> resources = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) { // pat-1: heart rate and SpO2 hourly on 2026-03-15
            resources.add(mapper.map(reading("pat-1", "hr-1", VitalType.HEART_RATE, hour, "7" + (hour % 10))));
            resources.add(mapper.map(reading("pat-1", "ox-1", VitalType.SPO2, hour, "9" + (hour % 10))));
        }
        resources.add(mapper.map(reading("pat-2", "hr-2", VitalType.HEART_RATE, 3, "66")));
        resources.add(mapper.map(reading("pat-1", "gl-1", VitalType.GLUCOSE, 5, "90")));
        for (Resource resource : resources) { // one per transaction: each gets its own _lastUpdated
            fhir.writer().deliver(List.of(resource));
        }
    }

    @AfterAll
    static void stop() {
        fhir.close();
    }

    private static Reading reading(String patient, String device, VitalType vital, int hour, String value) {
        Instant at = T0.plusSeconds(hour * 3600L);
        return new Reading(Schema.VERSION, Reading.idFor(device, vital, at, null), patient, device, null, vital,
                new BigDecimal(value), vital.unit(), null, null, at, at.plusSeconds(1), TimeSource.DEVICE, null,
                null);
    }

    private static List<Observation> observations(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> (Observation) e.getResource()).toList();
    }

    private static Bundle search(String query) throws Exception {
        return fhir.search(query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void patientAndCodeWithSystem() throws Exception {
        Bundle bundle = search("Observation?patient=pat-1&code=" + encode("http://loinc.org|8867-4") + "&_count=100");

        assertThat(bundle.getTotal()).isEqualTo(24);
        assertThat(observations(bundle)).allSatisfy(o -> {
            assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
            assertThat(o.getSubject().getReference()).isEqualTo("Patient/pat-1");
        });
    }

    @Test
    void spo2IsFoundByEitherOfItsCodesAndABareCodeMatchesAnySystem() throws Exception {
        assertThat(search("Observation?subject=Patient/pat-1&code=" + encode("http://loinc.org|2708-6")).getTotal())
                .isEqualTo(24);
        assertThat(search("Observation?patient=pat-1&code=59408-5").getTotal()).isEqualTo(24);
        assertThat(search("Observation?patient=pat-1&code=" + encode("http://snomed.info/sct|59408-5")).getTotal())
                .isZero();
        assertThat(search("Observation?patient=pat-1&code=" + encode("http://loinc.org|8867-4,http://loinc.org|2708-6"))
                .getTotal()).isEqualTo(48);
    }

    @Test
    void patientAndCategory() throws Exception {
        assertThat(search("Observation?patient=pat-1&category=vital-signs").getTotal()).isEqualTo(48);
        assertThat(search("Observation?patient=pat-1&category=" + encode(
                "http://terminology.hl7.org/CodeSystem/observation-category|laboratory")).getTotal()).isEqualTo(1);
        assertThat(search("Observation?patient=pat-2&category=vital-signs").getTotal()).isEqualTo(1);
    }

    @Test
    void status() throws Exception {
        assertThat(search("Observation?patient=pat-1&status=final").getTotal()).isEqualTo(49);
        assertThat(search("Observation?patient=pat-1&status=" + encode("http://hl7.org/fhir/observation-status|final"))
                .getTotal()).isEqualTo(49);
        assertThat(search("Observation?patient=pat-1&status=registered,amended").getTotal()).isZero();
    }

    @Test
    void dateWithPrefixes() throws Exception {
        String hr = "Observation?patient=pat-1&code=8867-4&_count=100&date=";
        assertThat(search(hr + "2026-03-15").getTotal()).isEqualTo(24);
        assertThat(search(hr + "2026-03-16").getTotal()).isZero();
        assertThat(search(hr + "ge2026-03-15T20:00:00Z").getTotal()).isEqualTo(4); // 20, 21, 22, 23 h
        assertThat(search(hr + "gt2026-03-15T20:00:00Z").getTotal()).isEqualTo(3);
        assertThat(search(hr + "le2026-03-15T02:00:00Z").getTotal()).isEqualTo(3); // 0, 1, 2 h
        assertThat(search(hr + "lt2026-03-15T02:00:00Z").getTotal()).isEqualTo(2);
        assertThat(search(hr + "eq2026-03-15T05:00:00Z").getTotal()).isEqualTo(1);
        assertThat(search(hr + "ne2026-03-15T05:00:00Z").getTotal()).isEqualTo(23);
        assertThat(search(hr + "2026-03-15T05:00").getTotal()).isEqualTo(1); // minute precision
        assertThat(search(hr + "sa2026-03-15T21:30:00Z").getTotal()).isEqualTo(2);
        assertThat(search(hr + "eb2026-03-15T01:30:00Z").getTotal()).isEqualTo(2);
        assertThat(search(hr + "ge2026-03-15T10:00:00" + encode("+02:00")).getTotal()).isEqualTo(16); // 8 h UTC on
        Bundle range = search(hr + "ge2026-03-15T06:00:00Z&date=lt2026-03-15T09:00:00Z");
        assertThat(observations(range)).extracting(o -> o.getEffectiveDateTimeType().getValue().toInstant())
                .containsExactlyInAnyOrder(T0.plusSeconds(6 * 3600), T0.plusSeconds(7 * 3600),
                        T0.plusSeconds(8 * 3600));
    }

    @Test
    void sortByDateEitherWay() throws Exception {
        List<Instant> ascending = observations(search("Observation?patient=pat-1&code=8867-4&_sort=date&_count=5"))
                .stream().map(o -> o.getEffectiveDateTimeType().getValue().toInstant()).toList();
        List<Instant> descending = observations(search("Observation?patient=pat-1&code=8867-4&_sort=-date&_count=5"))
                .stream().map(o -> o.getEffectiveDateTimeType().getValue().toInstant()).toList();

        assertThat(ascending).containsExactly(T0, T0.plusSeconds(3600), T0.plusSeconds(7200), T0.plusSeconds(10800),
                T0.plusSeconds(14400));
        assertThat(descending.get(0)).isEqualTo(T0.plusSeconds(23 * 3600));
        assertThat(descending).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void lastUpdated() throws Exception {
        Bundle newest = search("Observation?_sort=-_lastUpdated&_count=3");
        Instant third = newest.getEntry().get(2).getResource().getMeta().getLastUpdated().toInstant();

        assertThat(observations(newest).get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("41653-7");
        assertThat(search("Observation?_lastUpdated=ge" + third).getTotal()).isEqualTo(3);
        assertThat(search("Observation?_lastUpdated=gt" + third).getTotal()).isEqualTo(2);
        assertThat(search("Observation?_lastUpdated=lt" + T0.plusSeconds(86_400)).getTotal()).isZero();
    }

    @Test
    void pagesDoNotOverlapAndTogetherHoldEveryMatchOnce() throws Exception {
        Bundle page = search("Observation?patient=pat-1&_count=10&_sort=date");
        int total = page.getTotal();
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                assertThat(seen.add(entry.getResource().getIdElement().getIdPart())).as("seen once").isTrue();
            }
            assertThat(page.getTotal()).isEqualTo(total);
            if (page.getLink("next") == null) {
                break;
            }
            assertThat(page.getEntry()).hasSize(10);
            page = search(page.getLink("next").getUrl());
        }

        assertThat(total).isEqualTo(49);
        assertThat(seen).hasSize(49);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void whatItDoesNotSupportIsRefusedNotIgnored() throws Exception {
        assertThat(fhir.get("Observation?value-quantity=gt90").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?date=ap2026-03-15").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?_sort=value-quantity").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?code:text=heart").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?date=yesterday").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?date=2026-13-01").statusCode()).isEqualTo(400);
        assertThat(fhir.get("Observation?date=2026-04-31").statusCode()).isEqualTo(400);
    }

    @Test
    void theCapabilityStatementAdvertisesExactlyTheSupportedSearches() throws Exception {
        CapabilityStatement capabilities = (CapabilityStatement) fhir.read("metadata");

        CapabilityStatement.CapabilityStatementRestResourceComponent observation = capabilities.getRestFirstRep()
                .getResource().stream().filter(r -> r.getType().equals("Observation")).findFirst().orElseThrow();
        assertThat(observation.getSearchParam()).extracting(p -> p.getName() + ":" + p.getType().toCode())
                .containsExactlyInAnyOrder("patient:reference", "subject:reference", "code:token",
                        "category:token", "date:date", "status:token", "identifier:token", "_lastUpdated:date");
        assertThat(capabilities.getRestFirstRep().getResource()).extracting(r -> r.getType()).contains("Patient",
                "Device", "DetectedIssue", "RiskAssessment", "Communication");
        CapabilityStatement.CapabilityStatementRestResourceComponent issue = capabilities.getRestFirstRep()
                .getResource().stream().filter(r -> r.getType().equals("DetectedIssue")).findFirst().orElseThrow();
        assertThat(issue.getSearchParam()).extracting(p -> p.getName()).containsExactlyInAnyOrder("patient",
                "identifier", "_lastUpdated");
        assertThat(Fhir.toJson(capabilities)).doesNotContain("value-quantity");
    }
}
