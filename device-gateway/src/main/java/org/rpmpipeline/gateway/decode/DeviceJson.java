package org.rpmpipeline.gateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * Reads device JSON strictly and within bounds: the payload must be well-formed UTF-8 (no overlong forms, no
 * surrogates, no other encoding guessed from the first bytes), one JSON document with nothing after it, no field
 * twice in an object, and within the {@link JsonLimits} (document length, nesting, number length, string and
 * field-name length). Decimals are kept exactly as sent. Anything else is a {@code MALFORMED_JSON} rejection
 * with a one-line detail; nothing here throws for any input.
 */
public final class DeviceJson {
    private static final int DETAIL_CHARS = 240;

    private final JsonLimits limits;
    private final JsonFactory factory;
    private final ObjectReader reader;

    public DeviceJson(JsonLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentChars())
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        // 97.0 stays 97.0: the tree would otherwise strip the zero
        this.reader = mapper.reader()
                .with(JsonNodeFactory.withExactBigDecimals(true))
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    public JsonLimits limits() {
        return limits;
    }

    /** The one JSON document of {@code payload}, or why it is not acceptable device JSON. */
    public DecodeResult<JsonNode> read(byte[] payload) {
        String text;
        try {
            text = utf8(payload);
        } catch (MalformedUtf8 e) {
            return malformed("payload is not valid UTF-8 (byte " + e.offset + ": malformed, overlong or surrogate"
                    + " sequence); device JSON must be UTF-8");
        }
        if (text.isBlank()) {
            return malformed("payload is empty");
        }
        try (JsonParser parser = factory.createParser(text)) {
            JsonNode root = reader.readTree(parser);
            if (root == null || root.isMissingNode()) {
                return malformed("payload is empty");
            }
            return trailing(parser).map(DeviceJson::<JsonNode>malformed).orElseGet(() -> DecodeResult.accepted(root));
        } catch (StreamConstraintsException e) {
            // carries no location
            return malformed("payload exceeds a JSON limit: " + oneLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return malformed(describe(e));
        } catch (NumberFormatException | ArithmeticException e) {
            // a number Java's BigDecimal cannot hold (exponent beyond +-2^31), thrown by Jackson unwrapped
            return malformed("payload holds a number out of any decimal's range (" + oneLine(e.getMessage()) + ")");
        } catch (IOException e) {
            return malformed("payload is not readable JSON");
        }
    }

    private static Optional<String> trailing(JsonParser parser) {
        try {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            return Optional.of("payload has content after the JSON document" + at(parser.currentLocation()));
        } catch (IOException | RuntimeException e) {
            return Optional.of("payload has content after the JSON document" + at(parser.currentLocation()));
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return "payload is not strict JSON: " + oneLine(message.replace("Duplicate field", "repeated field"))
                    + " (a field may appear once per object)" + at(e.getLocation());
        }
        return "payload is not valid JSON: " + oneLine(message) + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String oneLine(String text) {
        return DeviceText.oneLine(text, DETAIL_CHARS);
    }

    private static <T> DecodeResult<T> malformed(String detail) {
        return DecodeResult.rejected(RejectReason.MALFORMED_JSON, detail);
    }

    /** Strict UTF-8: Java's decoder refuses overlong forms, surrogates and code points past U+10FFFF. */
    private static String utf8(byte[] payload) throws MalformedUtf8 {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(payload);
        CharBuffer out = CharBuffer.allocate(payload.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new MalformedUtf8(in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new MalformedUtf8(in.position());
        }
        return out.flip().toString();
    }

    private static final class MalformedUtf8 extends Exception {
        private final int offset;

        MalformedUtf8(int offset) {
            super(null, null, false, false);
            this.offset = offset;
        }
    }
}
