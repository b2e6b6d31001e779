package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    @Test
    void everyTextReadsBackAsAppendedAcrossSegmentBoundaries() {
        JsonLog log = new JsonLog();
        List<String> texts = new ArrayList<>();
        List<JsonText> stored = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // multi-byte characters, lengths that do not divide a segment
            String text = "{\"n\":" + i + ",\"note\":\"≤ 91 % — «low» 😀 " + "x".repeat(i % 97) + "\"}";
            texts.add(text);
            stored.add(log.append(JsonText.of(text)));
        }

        assertThat(stored).extracting(JsonText::text).containsExactlyElementsOf(texts);
        assertThat(stored.stream().map(JsonText::bytes).distinct().count()).isGreaterThan(1);
    }

    @Test
    void textsShareSegmentsThatGrowToTheMaximum() {
        JsonLog log = new JsonLog();
        JsonText kilobyte = JsonText.of("{\"v\":\"" + "a".repeat(1_014) + "\"}");
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] segment = log.append(kilobyte).bytes();
            if (segments.isEmpty() || segments.get(segments.size() - 1) != segment) {
                segments.add(segment);
            }
        }

        assertThat(segments.get(0)).hasSize(JsonLog.FIRST_SEGMENT_BYTES);
        assertThat(segments.get(1)).hasSize(2 * JsonLog.FIRST_SEGMENT_BYTES);
        assertThat(segments.get(segments.size() - 1)).hasSize(JsonLog.MAX_SEGMENT_BYTES);
    }

    @Test
    void aTextLargerThanASegmentGetsAnArrayOfItsOwn() {
        JsonLog log = new JsonLog();
        String huge = "{\"v\":\"" + "b".repeat(JsonLog.MAX_SEGMENT_BYTES) + "\"}";
        JsonText small = log.append(JsonText.of("{}"));

        JsonText stored = log.append(JsonText.of(huge));

        assertThat(stored.text()).isEqualTo(huge);
        assertThat(stored.bytes()).hasSize(huge.length()).isNotSameAs(small.bytes());
        assertThat(log.append(JsonText.of("[]")).bytes()).isSameAs(small.bytes());
    }
}
