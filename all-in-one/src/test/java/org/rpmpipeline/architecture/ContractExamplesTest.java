package org.rpmpipeline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.UserProperties;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.gateway.GatewayConfig.DeadLetterLimits;
import org.rpmpipeline.gateway.GatewayConfig.InputLimits;
import org.rpmpipeline.gateway.IngestPipeline;
import org.rpmpipeline.gateway.binding.ReadingBinder;
import org.rpmpipeline.gateway.decode.BleDecoder;
import org.rpmpipeline.gateway.decode.PlausibilityBounds;
import org.rpmpipeline.gateway.mqtt.InboundMessage;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.topology.VitalsTopology;

/**
 * The examples of docs/contract.md are what the services emit: every JSON example is marked with the contract
 * record it shows ({@code <!-- example: name type -->}), parses into it and serializes back to the same JSON (so a
 * renamed, misspelled or dropped field fails); the reading is the gateway's for the device message shown, the
 * finding the processor's for that reading (bundled rules), and each dead letter the gateway's for its payload.
 */
class ContractExamplesTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: (\\S+) (\\S+) -->\\n```(json|sh)\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("```(json|sh)\\n(.*?)\\n```", Pattern.DOTALL);
    /** The kcat line of a shell example: {@code echo '<key>:<json>'}. */
    private static final Pattern KCAT = Pattern.compile("echo '[^:']+:(\\{.*?\\})'", Pattern.DOTALL);
    private static final Map<String, String> BINDINGS = Map.of("ox-0001", "patient-0001", "ox-0002",
            "patient-0002");

    /** A marked example: its name, the record it shows, its fence ({@code json}, or {@code sh} for kcat), JSON. */
    record Example(String name, String type, String fence, String json) {
    }

    private static String doc;
    private static Map<String, Example> examples;

    @BeforeAll
    static void readTheContract() throws Exception {
        doc = Files.readString(projectRoot().resolve("docs/contract.md"));
        examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(doc);
        while (m.find()) {
            String body = m.group(4);
            if (m.group(3).equals("sh")) {
                Matcher kcat = KCAT.matcher(body);
                assertThat(kcat.find()).as("kcat line in example " + m.group(1)).isTrue();
                body = kcat.group(1);
            }
            examples.put(m.group(1), new Example(m.group(1), m.group(2), m.group(3), body));
        }
    }

    @Test
    void everyJsonExampleIsMarkedWithItsRecord() {
        Matcher fence = FENCE.matcher(doc);
        int json = 0;
        while (fence.find()) {
            if (fence.group(1).equals("json")) {
                json++;
            }
        }
        assertThat(examples.values()).filteredOn(e -> e.fence().equals("json"))
                .as("JSON examples with a marker, of " + json + " in docs/contract.md").hasSize(json);
    }

    /**
     * Every field of the example is in the record written back, with the same value: a misspelled or unknown field
     * (which a consumer would silently ignore) fails; a field the example leaves out and the record writes with
     * its default (an empty list) does not.
     */
    @Test
    void everyExampleParsesIntoItsRecordAndBackToTheSameJson() throws Exception {
        assertThat(examples).isNotEmpty();
        for (Example example : examples.values()) {
            JavaType type = type(example.type());
            Object value = JSON.readValue(example.json(), type);
            JsonNode written = JSON.readTree(JSON.writerFor(type).writeValueAsString(value));

            assertContains(written, JSON.readTree(example.json()), example.name() + ": " + example.type());
        }
    }

    @Test
    void theReadingIsTheGatewaysForTheDeviceMessage() throws Exception {
        Reading expected = parse("spo2-reading", Reading.class);

        IngestPipeline.Outcome outcome = gateway().process(InboundMessage.of("rpm/v1/" + expected.deviceId()
                        + "/vitals", example("spo2-message").json().getBytes(StandardCharsets.UTF_8),
                Map.of(UserProperties.HUB_ID, expected.hubId(), UserProperties.CORRELATION_ID,
                        expected.correlationId()), expected.receivedAt()));

        assertThat(outcome.rejection()).isEmpty();
        assertThat(outcome.readings()).hasSize(1);
        assertThat(tree(outcome.readings().get(0))).as("the gateway's reading")
                .isEqualTo(JSON.readTree(example("spo2-reading").json()));
    }

    @Test
    void theFindingIsTheProcessorsForTheReading() throws Exception {
        Reading reading = parse("spo2-reading", Reading.class);
        Finding expected = parse("spo2-finding", Finding.class);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "contract-examples");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        try (TopologyTestDriver driver = new TopologyTestDriver(VitalsTopology.build(RuleSetLoader.loadDefault(),
                Clock.fixed(expected.detectedAt(), ZoneOffset.UTC)), props, expected.detectedAt())) {
            TestInputTopic<String, Reading> readings = driver.createInputTopic(Topics.READINGS.name(),
                    Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
            TestOutputTopic<String, Finding> findings = driver.createOutputTopic(Topics.FINDINGS.name(),
                    Topics.FINDINGS.keySerde().deserializer(), Topics.FINDINGS.valueSerde().deserializer());
            readings.pipeInput(reading.patientId(), reading, reading.measuredAt());

            List<Finding> emitted = findings.readValuesToList().stream()
                    .filter(f -> f.ruleId().equals(expected.ruleId())).toList();
            assertThat(emitted).hasSize(1);
            assertThat(tree(emitted.get(0))).as("the processor's finding")
                    .isEqualTo(JSON.readTree(example("spo2-finding").json()));
        }
    }

    @Test
    void theDeadLettersAreTheGatewaysForTheirPayloads() throws Exception {
        for (String name : List.of("unknown-device", "batch-rejected")) {
            RejectedMessage expected = parse(name, RejectedMessage.class);

            IngestPipeline.Outcome outcome = gateway().process(InboundMessage.of(expected.sourceTopic(),
                    expected.payload(), expected.correlationId() == null ? Map.of()
                            : Map.of(UserProperties.CORRELATION_ID, expected.correlationId()),
                    expected.receivedAt()));

            assertThat(outcome.rejection()).as(name).isPresent();
            assertThat(tree(outcome.rejection().get())).as(name + ": the gateway's dead letter")
                    .isEqualTo(JSON.readTree(example(name).json()));
        }
    }

    private static void assertContains(JsonNode written, JsonNode example, String what) {
        if (example.isArray()) {
            assertThat(written.size()).as(what + " items").isEqualTo(example.size());
            for (int i = 0; i < example.size(); i++) {
                assertContains(written.get(i), example.get(i), what + "[" + i + "]");
            }
            return;
        }
        example.fieldNames().forEachRemaining(field -> assertThat(written.get(field))
                .as(what + ": field " + field + " written back").isEqualTo(example.get(field)));
    }

    /** {@code value} as the JSON the services write, read back as a tree. */
    private static JsonNode tree(Object value) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static IngestPipeline gateway() {
        PlausibilityBounds bounds = PlausibilityBounds.defaults();
        return new IngestPipeline(new ReadingBinder(id -> Optional.ofNullable(BINDINGS.get(id))
                .map(patient -> DeviceBinding.of(id, patient)), bounds, Duration.ofMinutes(5), Duration.ofDays(7)),
                new BleDecoder(), bounds, InputLimits.defaults(), DeadLetterLimits.defaults());
    }

    private static Example example(String name) {
        assertThat(examples).as("example " + name + " in docs/contract.md").containsKey(name);
        return examples.get(name);
    }

    private static <T> T parse(String name, Class<T> type) throws Exception {
        return JSON.readValue(example(name).json(), type);
    }

    /** {@code device.VitalMessage} or {@code device.VitalMessage[]} (a list), under org.rpmpipeline.contract. */
    private static JavaType type(String name) throws ClassNotFoundException {
        boolean list = name.endsWith("[]");
        Class<?> type = Class.forName("org.rpmpipeline.contract." + name.replace("[]", ""));
        return list ? JSON.getTypeFactory().constructCollectionType(List.class, type)
                : JSON.getTypeFactory().constructType(type);
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/contract.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
