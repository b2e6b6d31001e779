package org.rpmpipeline.alerts.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.alerts.FhirSettings;
import org.rpmpipeline.alerts.TopicReader;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.EmbeddedKafka;

/**
 * The pipeline's FHIR output delivered to a FHIR server we did not write, and then checked only through that
 * server's REST API: the counts match Kafka, every reference resolves, patient + code + date searches return the
 * right Observations, a redelivered reading creates nothing new, and two readings in one second are two
 * Observations. The alerts' findings are produced before their readings, so their evidence is written first.
 * A subclass starts the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FhirInteropScenario {
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");
    private static final String READING = "urn:rpm-pipeline:reading|";

    private EmbeddedKafka kafka;
    private AlertService service;
    private FhirRest fhir;
    private final List<Reading> readings = new ArrayList<>();
    private Reading spo2Low;
    private Reading bloodPressure;
    private Reading firstSameSecond;
    private Reading secondSameSecond;

    /**
     * Starts the FHIR server and returns the service settings that deliver to it (and any the server needs); may
     * skip the test (a JUnit assumption).
     */
    abstract Map<String, String> startServer() throws Exception;

    /** The REST client an integrator reads the server with, once the service runs. */
    abstract FhirRest client(AlertService service);

    abstract void stopServer() throws Exception;

    @BeforeAll
    void deliver() throws Exception {
        Map<String, String> delivery = startServer();
        kafka = EmbeddedKafka.start();
        Map<String, String> settings = new HashMap<>(delivery);
        settings.putAll(Map.of(AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), AlertConfig.HTTP_PORT, "0",
                FhirSettings.TIMEOUT, "60s", "rpm.alerts.escalation.enabled", "false"));
        service = new AlertService(AlertConfig.from(Settings.of(settings)), Clock.systemUTC());
        service.start();
        await().atMost(WAIT).until(service::isReady);
        fhir = client(service);

        for (int hour = 0; hour < 6; hour++) {
            readings.add(reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, T0.plusSeconds(hour * 3600L), null,
                    BigDecimal.valueOf(70 + hour)));
        }
        Instant second = T0.plusSeconds(10 * 3600L);
        firstSameSecond = reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, second, "id=1", new BigDecimal("77"));
        secondSameSecond = reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, second, "id=2",
                new BigDecimal("95"));
        readings.add(firstSameSecond);
        readings.add(secondSameSecond);
        readings.add(reading("pat-a", "ox-a", "hub-a", VitalType.SPO2, T0, null, new BigDecimal("97")));
        spo2Low = reading("pat-a", "ox-a", "hub-a", VitalType.SPO2, T0.plusSeconds(3600), null, new BigDecimal("88"));
        readings.add(spo2Low);
        bloodPressure = new Reading(Schema.VERSION, Reading.idFor("bp-a", VitalType.BLOOD_PRESSURE,
                T0.plusSeconds(7200), "systolic-bp=185;diastolic-bp=95"), "pat-a", "bp-a", null,
                VitalType.BLOOD_PRESSURE, null, null, null, List.of(Component.of(VitalType.SYSTOLIC_BP,
                        new BigDecimal("185")), Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("95"))),
                T0.plusSeconds(7200), T0.plusSeconds(7201), TimeSource.DEVICE, null, null);
        readings.add(bloodPressure);
        readings.add(reading("pat-b", "hr-b", null, VitalType.HEART_RATE, T0, null, new BigDecimal("66")));

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            // the alerts first: their evidence Observations reach the server after them
            for (Finding finding : findings()) {
                send(producer, Topics.FINDINGS, finding.patientId(), finding);
            }
            producer.flush();
            await().atMost(WAIT).until(() -> fhir.count("DetectedIssue") == 3);
            for (Reading reading : readings) {
                send(producer, Topics.READINGS, reading.patientId(), reading);
            }
            send(producer, Topics.READINGS, "pat-a", readings.get(0)); // redelivered
            producer.flush();
        }
        await().atMost(WAIT).until(() -> fhir.count("Observation?status=final") == readings.size());
    }

    /** The running service. */
    AlertService currentService() {
        return service;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            stopServer();
        }
    }

    private static Reading reading(String patient, String device, String hub, VitalType vital, Instant at,
            String discriminator, BigDecimal value) {
        return new Reading(Schema.VERSION, Reading.idFor(device, vital, at, discriminator), patient, device, hub,
                vital, value, vital.unit(), null, null, at, at.plusMillis(800), TimeSource.DEVICE, null, null);
    }

    private List<Finding> findings() {
        Instant at = spo2Low.measuredAt();
        Finding low = new Finding(Schema.VERSION, Finding.idFor("spo2-low", "pat-a", at, FindingStatus.ACTIVE),
                "spo2-low", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-a", List.of("ox-a"), at, at,
                List.of(new Evidence(spo2Low.readingId(), VitalType.SPO2, new BigDecimal("88"), "%", at)),
                new BigDecimal("88"), "SpO2 88 % is at or below 91 %", at, false, Map.of());
        Instant bpAt = bloodPressure.measuredAt();
        Finding systolic = new Finding(Schema.VERSION, Finding.idFor("systolic-bp-crisis", "pat-a", bpAt,
                FindingStatus.ACTIVE), "systolic-bp-crisis", 1, Severity.CRITICAL, FindingStatus.ACTIVE, "pat-a",
                List.of("bp-a"), bpAt, bpAt, List.of(new Evidence(bloodPressure.readingId(), VitalType.SYSTOLIC_BP,
                        new BigDecimal("185"), "mm[Hg]", bpAt)), new BigDecimal("185"), "systolic 185 > 180", bpAt,
                false, Map.of());
        Finding news2 = new Finding(Schema.VERSION, Finding.idFor("news2", "pat-a", at, FindingStatus.ACTIVE),
                "news2", 1, Severity.HIGH, FindingStatus.ACTIVE, "pat-a", List.of("ox-a", "hr-a"), at, at, List.of(
                        new Evidence(spo2Low.readingId(), VitalType.SPO2, new BigDecimal("88"), "%", at),
                        new Evidence(readings.get(1).readingId(), VitalType.HEART_RATE, new BigDecimal("71"), "/min",
                                readings.get(1).measuredAt())),
                new BigDecimal("5"), "NEWS2: aggregate 5 (urgent)", at, false, Map.of("trigger", "URGENT"));
        Instant later = at.plusSeconds(7200);
        Finding resolved = new Finding(Schema.VERSION, Finding.idFor("news2", "pat-a", at, FindingStatus.RESOLVED),
                "news2", 1, Severity.MODERATE, FindingStatus.RESOLVED, "pat-a", List.of("hr-a"), at, later, List.of(
                        new Evidence(readings.get(3).readingId(), VitalType.HEART_RATE, new BigDecimal("73"), "/min",
                                readings.get(3).measuredAt())),
                new BigDecimal("1"), "NEWS2: below triggers, aggregate 1", later, false, Map.of("trigger", "NONE"));
        return List.of(low, systolic, news2, resolved);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key,
            V value) {
        producer.send(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    /** The distinct identifiers of each FHIR resource type on the service's Kafka topics. */
    private Map<String, Set<String>> identifiersOnKafka() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Topic<String, String> topic : List.of(Topics.OBSERVATIONS, Topics.FHIR_RESOURCES)) {
            try (TopicReader<String> reader = new TopicReader<>(kafka.bootstrapServers(), topic)) {
                for (String json : reader.valuesToEnd()) {
                    Resource resource = (Resource) Fhir.context().newJsonParser().parseResource(json);
                    org.hl7.fhir.r4.model.Identifier identifier = (org.hl7.fhir.r4.model.Identifier) resource
                            .getNamedProperty("identifier").getValues().get(0);
                    out.computeIfAbsent(resource.fhirType(), t -> new HashSet<>())
                            .add(identifier.getSystem() + "|" + identifier.getValue());
                }
            }
        }
        return out;
    }

    private String patientId(String pipelineId) throws Exception {
        List<Resource> patients = fhir.all("Patient?identifier=" + FhirRest.encode("urn:rpm-pipeline:patient|"
                + pipelineId));
        assertThat(patients).as("Patient " + pipelineId + " created once").hasSize(1);
        return patients.get(0).getIdElement().getIdPart();
    }

    private static Set<String> identifiers(List<Resource> observations) {
        Set<String> out = new HashSet<>();
        observations.forEach(o -> out.add(((Observation) o).getIdentifierFirstRep().getValue()));
        return out;
    }

    @Test
    void theServerHoldsWhatKafkaHoldsNoMoreNoLess() throws Exception {
        Map<String, Set<String>> kafkaIds = identifiersOnKafka();

        assertThat(kafkaIds.get("Observation")).hasSize(readings.size());
        for (Map.Entry<String, Set<String>> type : kafkaIds.entrySet()) {
            assertThat(fhir.count(type.getKey())).as(type.getKey()).isEqualTo(type.getValue().size());
            for (String identifier : type.getValue()) {
                assertThat(fhir.count(type.getKey() + "?identifier=" + FhirRest.encode(identifier)))
                        .as(type.getKey() + " " + identifier).isEqualTo(1);
            }
        }
        assertThat(fhir.count("Observation?status=registered")).as("placeholders left").isZero();
        assertThat(fhir.count("Patient")).isEqualTo(2);
        assertThat(fhir.count("Device")).isEqualTo(5); // hr-a, hub-a, ox-a, bp-a, hr-b
    }

    @Test
    void everyReferenceResolves() throws Exception {
        int checked = 0;
        for (String type : List.of("Observation", "DetectedIssue", "RiskAssessment", "Communication")) {
            for (Resource resource : fhir.all(type + "?_count=100")) {
                for (Reference reference : Fhir.context().newTerser().getAllPopulatedChildElementsOfType(resource,
                        Reference.class)) {
                    if (reference.hasReference()) {
                        assertThat(fhir.status(reference.getReference()))
                                .as(type + "/" + resource.getIdElement().getIdPart() + " -> "
                                        + reference.getReference()).isEqualTo(200);
                        checked++;
                    }
                }
            }
        }
        // per Observation subject, performer, device (+ hub); alert evidence, patients, Communications' alerts
        assertThat(checked).isGreaterThan(readings.size() * 3);
    }

    @Test
    void patientCodeAndDateSearchesReturnTheRightObservations() throws Exception {
        String patient = patientId("pat-a");
        String heartRate = "Observation?patient=" + patient + "&code=" + FhirRest.encode("http://loinc.org|8867-4");

        List<Resource> window = fhir.all(heartRate + "&date=ge" + T0.plusSeconds(3600) + "&date=lt"
                + T0.plusSeconds(4 * 3600));
        List<Resource> day = fhir.all(heartRate + "&date=2026-03-15&_count=3");

        assertThat(identifiers(window)).containsExactlyInAnyOrder(readings.get(1).readingId(),
                readings.get(2).readingId(), readings.get(3).readingId());
        assertThat(day).hasSize(8);
        assertThat(fhir.count("Observation?patient=" + patient + "&category=vital-signs")).isEqualTo(11);
        assertThat(fhir.count("Observation?patient=" + patientId("pat-b"))).isEqualTo(1);
    }

    @Test
    void aRedeliveredReadingCreatedNothingNew() throws Exception {
        List<Resource> matches = fhir.all("Observation?identifier=" + FhirRest.encode(READING
                + readings.get(0).readingId()));

        assertThat(matches).singleElement().satisfies(o -> assertThat(o.getMeta().getVersionId()).isEqualTo("1"));
    }

    @Test
    void twoReadingsInTheSameSecondAreTwoObservations() throws Exception {
        List<Resource> sameSecond = fhir.all("Observation?patient=" + patientId("pat-a") + "&code="
                + FhirRest.encode("http://loinc.org|8867-4") + "&date=eq" + firstSameSecond.measuredAt());

        assertThat(identifiers(sameSecond)).containsExactlyInAnyOrder(firstSameSecond.readingId(),
                secondSameSecond.readingId());
        assertThat(sameSecond).extracting(o -> ((Observation) o).getValueQuantity().getValue().intValue())
                .containsExactlyInAnyOrder(77, 95);
    }

    @Test
    void alertEvidenceWrittenBeforeItsReadingsPointsAtTheReadingsObservations() throws Exception {
        for (Resource resource : fhir.all("DetectedIssue")) {
            DetectedIssue issue = (DetectedIssue) resource;
            for (DetectedIssue.DetectedIssueEvidenceComponent evidence : issue.getEvidence()) {
                Observation observation = (Observation) fhir.read(evidence.getDetailFirstRep().getReference());
                assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
                assertThat(observation.getIdentifierFirstRep().getValue())
                        .isEqualTo(evidence.getDetailFirstRep().getIdentifier().getValue());
                if (issue.getCode().getText().startsWith("systolic")) {
                    assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
                }
            }
        }
        List<Resource> risks = fhir.all("RiskAssessment");
        assertThat(risks).hasSize(2).anySatisfy(r -> assertThat(((RiskAssessment) r).getPredictionFirstRep()
                .getRationale()).contains("resolved"));
    }
}
