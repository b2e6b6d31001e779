package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.reject.RejectReason;

/** Each bound of device JSON, and strictness: every violation is MALFORMED_JSON with a one-line detail. */
class DeviceJsonTest {
    private static final JsonLimits LIMITS = new JsonLimits(1000, 8, 24, 64, 15);
    private final DeviceJson json = new DeviceJson(LIMITS);

    private DecodeResult<JsonNode> read(String text) {
        return json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejected(DecodeResult<JsonNode> result) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        DecodeResult.Rejected<JsonNode> r = (DecodeResult.Rejected<JsonNode>) result;
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(r.detail()).doesNotContain("\n").doesNotContain("Exception").hasSizeLessThan(400);
        return r.detail();
    }

    @Test
    void readsADocumentWithinEveryBoundKeepingDecimalsExact() {
        DecodeResult<JsonNode> result = read("{\"vital\":\"spo2\",\"value\":97.0,\"unit\":\"%\"}");

        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        JsonNode node = ((DecodeResult.Accepted<JsonNode>) result).value();
        assertThat(node.get("value").decimalValue()).hasToString("97.0");
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        assertThat(read("[".repeat(8) + "]".repeat(8))).isInstanceOf(DecodeResult.Accepted.class);

        assertThat(rejected(read("[".repeat(9) + "]".repeat(9)))).startsWith("payload exceeds a JSON limit: ")
                .contains("nesting depth");
    }

    @Test
    void rejectsDeepNestingOfThousandsOfLevelsWithoutAStackOverflow() {
        assertThat(rejected(read("{\"a\":".repeat(100_000)))).contains("nesting depth");
    }

    @Test
    void rejectsANumberLongerThanTheLimit() {
        assertThat(read("{\"v\":" + "1".repeat(24) + "}")).isInstanceOf(DecodeResult.Accepted.class);

        assertThat(rejected(read("{\"v\":" + "1".repeat(100) + "}"))).startsWith("payload exceeds a JSON limit: ")
                .contains("Number value length (100)");
        assertThat(rejected(read("{\"v\":0." + "1".repeat(100) + "}"))).contains("Number value length");
    }

    @Test
    void rejectsANumberBeyondAnyDecimalsRange() {
        assertThat(rejected(read("{\"v\":1E+2147483648}"))).startsWith("payload holds a number out of any decimal");
        assertThat(rejected(read("{\"v\":1E-2147483649}"))).startsWith("payload holds a number out of any decimal");
    }

    @Test
    void readsAHugeMagnitudeThatFitsADecimalWithoutExpandingIt() {
        DecodeResult<JsonNode> result = read("{\"v\":1E+2147483647}");

        JsonNode node = ((DecodeResult.Accepted<JsonNode>) result).value();
        assertThat(node.get("v").decimalValue().scale()).isEqualTo(-2147483647);
    }

    @Test
    void rejectsAStringOrAFieldNameLongerThanTheLimit() {
        assertThat(read("{\"v\":\"" + "x".repeat(64) + "\"}")).isInstanceOf(DecodeResult.Accepted.class);

        assertThat(rejected(read("{\"v\":\"" + "x".repeat(65) + "\"}"))).contains("String value length");
        assertThat(rejected(read("{\"" + "x".repeat(65) + "\":1}"))).contains("Name length");
    }

    @Test
    void rejectsADocumentLongerThanTheLimit() {
        assertThat(rejected(read("[" + "1,".repeat(600) + "1]"))).contains("Document length");
    }

    @Test
    void rejectsARepeatedFieldNamingIt() {
        assertThat(rejected(read("{\"deviceId\":\"ox-2\",\"vital\":\"spo2\",\"deviceId\":\"ox-1\"}")))
                .startsWith("payload is not strict JSON: repeated field 'deviceId'").contains("line 1");
    }

    @Test
    void rejectsARepeatedFieldInANestedObject() {
        assertThat(rejected(read("[{\"components\":[{\"value\":1,\"value\":2}]}]"))).contains("'value'");
    }

    @Test
    void rejectsContentAfterTheDocument() {
        assertThat(rejected(read("{\"vital\":\"spo2\"} {\"vital\":\"spo2\"}")))
                .startsWith("payload has content after the JSON document").contains("column");
        assertThat(rejected(read("{\"vital\":\"spo2\"} trailing"))).startsWith("payload has content after");
        assertThat(rejected(read("[1]]"))).startsWith("payload has content after");
        assertThat(read("{\"vital\":\"spo2\"}  \n")).isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void rejectsOverlongUtf8() {
        byte[] slash = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] threeBytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"', '}'};

        assertThat(rejected(json.read(slash))).startsWith("payload is not valid UTF-8 (byte 6");
        assertThat(rejected(json.read(threeBytes))).startsWith("payload is not valid UTF-8 (byte 6");
    }

    @Test
    void rejectsSurrogatesAndTruncatedSequences() {
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        byte[] cut = {'"', 'a', (byte) 0xE2, (byte) 0x82};

        assertThat(rejected(json.read(surrogate))).startsWith("payload is not valid UTF-8");
        assertThat(rejected(json.read(cut))).startsWith("payload is not valid UTF-8");
    }

    @Test
    void doesNotGuessAnotherEncodingFromTheFirstBytes() {
        byte[] utf16 = "{\"vital\":\"spo2\"}".getBytes(StandardCharsets.UTF_16LE);

        assertThat(rejected(json.read(utf16))).startsWith("payload is not valid JSON");
    }

    @Test
    void acceptsMultiByteCharactersInStrings() {
        assertThat(read("{\"firmware\":\"v2 \u00e9\u4e2d\ud83d\ude00\"}")).isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void rejectsAnEmptyOrBlankPayload() {
        assertThat(rejected(json.read(new byte[0]))).isEqualTo("payload is empty");
        assertThat(rejected(read("  \n "))).isEqualTo("payload is empty");
    }

    @Test
    void rejectsBadSyntaxWithItsPosition() {
        assertThat(rejected(read("{\"vital\": spo2}"))).startsWith("payload is not valid JSON: ")
                .contains("line 1, column");
    }
}
