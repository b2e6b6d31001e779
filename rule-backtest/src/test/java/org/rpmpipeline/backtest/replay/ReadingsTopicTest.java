package org.rpmpipeline.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.backtest.replay.ReadingsTopic.PartitionSpan;

class ReadingsTopicTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void refusesWhenRetentionDeletedReadingsTheWindowNeeds() {
        List<PartitionSpan> spans = List.of(
                new PartitionSpan(0, 120, 900, Instant.parse("2026-11-03T08:00:00Z")),
                new PartitionSpan(1, 0, 800, Instant.parse("2026-10-20T00:00:00Z")),
                new PartitionSpan(2, 0, 0, null));

        assertThat(ReadingsTopic.refusal(spans, FROM)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("cannot replay from 2026-11-01T00:00:00Z")
                .contains("partition 0: from 2026-11-03T08:00:00Z (older records deleted)")
                .contains("partition 1: from 2026-10-20T00:00:00Z")
                .contains("partition 2: empty")
                .contains("--from 2026-11-03T08:00:00Z"));
    }

    @Test
    void aTopicThatStartedAfterTheWindowStartIsNoReasonToRefuse() {
        List<PartitionSpan> spans = List.of(new PartitionSpan(0, 0, 900, Instant.parse("2026-11-03T08:00:00Z")));

        assertThat(ReadingsTopic.refusal(spans, FROM)).isEmpty();
    }

    @Test
    void retentionThatKeptTheWindowIsNoReasonToRefuse() {
        List<PartitionSpan> spans = List.of(new PartitionSpan(0, 500, 900, Instant.parse("2026-10-30T00:00:00Z")));

        assertThat(ReadingsTopic.refusal(spans, FROM)).isEmpty();
    }
}
