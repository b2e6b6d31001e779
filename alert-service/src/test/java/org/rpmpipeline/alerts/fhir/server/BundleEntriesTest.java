package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundleEntriesTest {
    @Test
    void cutsOutEachEntrysResourceExactlyAsSentEvenWithMultiByteText() throws IOException {
        String first = "{\"resourceType\":\"Observation\",\"id\":\"a\",\"note\":[{\"text\":\"≤ 91 % — «low» 😀\"}]}";
        String second = "{ \"resourceType\" : \"DetectedIssue\", \"detail\" : \"{\\\"not\\\":[\\\"json\\\"]}\" }";
        String bundle = "{\"resourceType\":\"Bundle\",\"meta\":{\"tag\":[{\"code\":\"x\"}]},\"type\":\"transaction\","
                + "\"entry\":[{\"fullUrl\":\"urn:uuid:1\",\"resource\":" + first
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},"
                + "{\"request\":{\"method\":\"PUT\",\"url\":\"DetectedIssue?identifier=s|v\"},\"resource\":" + second
                + "},{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/x\"}}]}";

        assertThat(BundleEntries.of(bundle.getBytes(StandardCharsets.UTF_8))).map(t -> t == null ? null : t.text())
                .containsExactly(first, second, null);
    }

    @Test
    void somethingElseThanAnObjectIsRejected() {
        assertThatThrownBy(() -> BundleEntries.of("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
