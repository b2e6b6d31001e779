package org.rpmpipeline.alerts.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.alerts.FhirSettings;
import org.rpmpipeline.alerts.TopicReader;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
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
 * The pipeline's FHIR output delivered to a FHIR server we did not write, HAPI's JPA server ({@link HapiJpaServer},
 * default settings: referential integrity enforced on write), and then checked only through that server's REST
 * API: the counts match Kafka, every reference resolves, patient + code + date searches return the right
 * Observations, a redelivered reading creates nothing new, and two readings in one second are two
 * Observations. The alerts' findings are produced before their readings, so their evidence is written first.
 */
@Timeout(600)
class HapiJpaInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");
    private static final String READING = "urn:rpm-pipeline:reading|";

    private static HapiJpaServer jpa;
    private static EmbeddedKafka kafka;
    private static AlertService service;
    private static FhirRest fhir;
    private static final List<Reading> READINGS = new ArrayList<>();
    private static Reading spo2Low;
    private static Reading bloodPressure;
    private static Reading firstSameSecond;
    private static Reading secondSameSecond;

    @BeforeAll
    static void deliver() throws Exception {
        jpa = HapiJpaServer.start();
        fhir = new FhirRest(jpa.base());
        kafka = EmbeddedKafka.start();
        service = new AlertService(AlertConfig.from(Settings.of(Map.of(
                AlertConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), AlertConfig.HTTP_PORT, "0",
                FhirSettings.BASE_URL, jpa.base().toString(), FhirSettings.TIMEOUT, "60s",
                "rpm.alerts.escalation.enabled", "false"))), Clock.systemUTC());
        service.start();
        await().atMost(WAIT).until(service::isReady);

        for (int hour = 0; hour < 6; hour++) {
            READINGS.add(reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, T0.plusSeconds(hour * 3600L), null,
                    BigDecimal.valueOf(70 + hour)));
        }
        Instant second = T0.plusSeconds(10 * 3600L);
        firstSameSecond = reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, second, "id=1", new BigDecimal("77"));
        secondSameSecond = reading("pat-a", "hr-a", "hub-a", VitalType.HEART_RATE, second, "id=2",
                new BigDecimal("95"));
        READINGS.add(firstSameSecond);
        READINGS.add(secondSameSecond);
        READINGS.add(reading("pat-a", "ox-a", "hub-a", VitalType.SPO2, T0, null, new BigDecimal("97")));
        spo2Low = reading("pat-a", "ox-a", "hub-a", VitalType.SPO2, T0.plusSeconds(3600), null, new BigDecimal("88"));
        READINGS.add(spo2Low);
        bloodPressure = new Reading(Schema.VERSION, Reading.idFor("bp-a", VitalType.BLOOD_PRESSURE,
                T0.plusSeconds(7200), "systolic-bp=185;diastolic-bp=95"), "pat-a", "bp-a", null,
                VitalType.BLOOD_PRESSURE, null, null, null, List.of(Component.of(VitalType.SYSTOLIC_BP,
                        new BigDecimal("185")), Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("95"))),
                T0.plusSeconds(7200), T0.plusSeconds(7201), TimeSource.DEVICE, null, null);
        READINGS.add(bloodPressure);
        READINGS.add(reading("pat-b", "hr-b", null, VitalType.HEART_RATE, T0, null, new BigDecimal("66")));

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            // the alerts first: their evidence Observations reach the server after them
            for (Finding finding : findings()) {
                send(producer, Topics.FINDINGS, finding.patientId(), finding);
            }
            producer.flush();
            await().atMost(WAIT).until(() -> fhir.count("DetectedIssue") == 3);
            for (Reading reading : READINGS) {
                send(producer, Topics.READINGS, reading.patientId(), reading);
            }
            send(producer, Topics.READINGS, "pat-a", READINGS.get(0)); // redelivered
            producer.flush();
        }
        await().atMost(WAIT).until(() -> fhir.count("Observation?status=final") == READINGS.size());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (jpa != null) {
            jpa.close();
        }
    }

    private static Reading reading(String patient, String device, String hub, VitalType vital, Instant at,
            String discriminator, BigDecimal value) {
        return new Reading(Schema.VERSION, Reading.idFor(device, vital, at, discriminator), patient, device, hub,
                vital, value, vital.unit(), null, null, at, at.plusMillis(800), TimeSource.DEVICE, null, null);
    }

    private static List<Finding> findings() {
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
                        new Evidence(READINGS.get(1).readingId(), VitalType.HEART_RATE, new BigDecimal("71"), "/min",
                                READINGS.get(1).measuredAt())),
                new BigDecimal("5"), "NEWS2: aggregate 5 (urgent)", at, false, Map.of("trigger", "URGENT"));
        Instant later = at.plusSeconds(7200);
        Finding resolved = new Finding(Schema.VERSION, Finding.idFor("news2", "pat-a", at, FindingStatus.RESOLVED),
                "news2", 1, Severity.MODERATE, FindingStatus.RESOLVED, "pat-a", List.of("hr-a"), at, later, List.of(
                        new Evidence(READINGS.get(3).readingId(), VitalType.HEART_RATE, new BigDecimal("73"), "/min",
                                READINGS.get(3).measuredAt())),
                new BigDecimal("1"), "NEWS2: below triggers, aggregate 1", later, false, Map.of("trigger", "NONE"));
        return List.of(low, systolic, news2, resolved);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key,
            V value) {
        producer.send(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    /** The distinct identifiers of each FHIR resource type on the service's Kafka topics. */
    private static Map<String, Set<String>> identifiersOnKafka() {
        Map<String, Set<String>> out = new java.util.HashMap<>();
        for (Topic<String, String> topic : List.of(Topics.OBSERVATIONS, Topics.FHIR_RESOURCES)) {
            try (TopicReader<String> reader = new TopicReader<>(kafka.bootstrapServers(), topic)) {
                reader.valuesToEnd();
                for (ConsumerRecord<String, String> record : reader.records()) {
                    String type = header(record, FhirHeaders.TYPE);
                    out.computeIfAbsent(type, t -> new HashSet<>()).add(header(record, FhirHeaders.IDENTIFIER_SYSTEM)
                            + "|" + header(record, FhirHeaders.IDENTIFIER_VALUE));
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String patientId(String pipelineId) throws Exception {
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

        assertThat(kafkaIds.get("Observation")).hasSize(READINGS.size());
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
        assertThat(checked).isGreaterThan(READINGS.size() * 3);
    }

    @Test
    void patientCodeAndDateSearchesReturnTheRightObservations() throws Exception {
        String patient = patientId("pat-a");
        String heartRate = "Observation?patient=" + patient + "&code=" + FhirRest.encode("http://loinc.org|8867-4");

        List<Resource> window = fhir.all(heartRate + "&date=ge" + T0.plusSeconds(3600) + "&date=lt"
                + T0.plusSeconds(4 * 3600));
        List<Resource> day = fhir.all(heartRate + "&date=2026-03-15&_count=3");

        assertThat(identifiers(window)).containsExactlyInAnyOrder(READINGS.get(1).readingId(),
                READINGS.get(2).readingId(), READINGS.get(3).readingId());
        assertThat(day).hasSize(8);
        assertThat(fhir.count("Observation?patient=" + patient + "&category=vital-signs")).isEqualTo(11);
        assertThat(fhir.count("Observation?patient=" + patientId("pat-b"))).isEqualTo(1);
    }

    @Test
    void aRedeliveredReadingCreatedNothingNew() throws Exception {
        List<Resource> matches = fhir.all("Observation?identifier=" + FhirRest.encode(READING
                + READINGS.get(0).readingId()));

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
