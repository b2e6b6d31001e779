package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The stored form of rule state: each state record is a Smile document (Jackson's binary JSON), written and read
 * by field name, so a record that gains a field reads older bytes with the field absent ({@code null}, {@code 0},
 * {@code false}) and a record that loses one ignores it in older bytes. Instants are exact to the nanosecond
 * (decimal seconds), decimals keep their scale ({@code 97} and {@code 97.0} stay distinct), dates and enums are
 * written as values, {@code null} fields are left out. See stream-processor/DESIGN.md, "Stored state".
 *
 * <p>Entries of the earlier all-JSON form are read with a JSON mapper configured the same way.
 */
final class StateFormat {
    /** The first bytes of every Smile document written here (the Smile header, ":)\n"). */
    private static final byte[] HEADER = {':', ')', '\n'};

    private static final ObjectMapper SMILE = configure(SmileMapper.builder(SmileFactory.builder()
            .enable(SmileGenerator.Feature.WRITE_HEADER)
            // raw bytes, not 7-bit groups: stored values are never concatenated into a stream
            .disable(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT)
            .build())).build();
    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
    private static final ClassValue<ObjectReader> SMILE_READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return SMILE.readerFor(type);
        }
    };

    private StateFormat() {
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B
            configure(B builder) {
        return builder.addModule(new JavaTimeModule())
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // tolerance: a field removed from a record is ignored in older bytes ...
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // ... and a field added to it is absent in them: null, or 0 / false for a primitive
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The mapper of the stored form, for streaming access (the record container of {@link PatientState}). */
    static ObjectMapper smile() {
        return SMILE;
    }

    /** {@code state} in the stored form. */
    static byte[] encode(Object state) {
        try {
            return SMILE.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode rule state " + state.getClass().getSimpleName(), e);
        }
    }

    /** The {@code type} in {@code bytes}: a Smile document, or JSON of the earlier form; throws if unreadable. */
    static <T> T decode(byte[] bytes, Class<T> type) throws IOException {
        if (isSmile(bytes)) {
            return SMILE_READERS.get(type).readValue(bytes);
        }
        return JSON.readValue(bytes, type);
    }

    /** True if {@code bytes} start with the Smile header, i.e. they are in the current stored form. */
    static boolean isSmile(byte[] bytes) {
        return bytes.length > HEADER.length && bytes[0] == HEADER[0] && bytes[1] == HEADER[1]
                && bytes[2] == HEADER[2];
    }
}
