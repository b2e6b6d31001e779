package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveUpdatesTest {
    // the timer's own runs are an hour away: the test calls flush and heartbeat itself
    private static final Duration LATER = Duration.ofHours(1);

    private final AtomicLong version = new AtomicLong();
    private final Set<String> alive = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of("s1", "s2", "s3"));
    private final LiveUpdates live = new LiveUpdates(version::get, alive::contains, 10, LATER, LATER);

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void manyChangesBeforeAFlushReachEachConsoleAsOneEventCarryingTheLast() {
        List<FakeStream> streams = List.of(new FakeStream(), new FakeStream(), new FakeStream());
        for (int i = 0; i < streams.size(); i++) {
            live.join(streams.get(i), "s" + (i + 1));
        }
        for (int i = 1; i <= 5; i++) {
            version.set(i);
            live.changed();
        }

        live.flush();
        live.flush();

        assertThat(streams).allSatisfy(s -> assertThat(s.events).containsExactly("changed:5"));
    }

    @Test
    void aChangeAfterAFlushIsSentAtTheNext() {
        FakeStream stream = new FakeStream();
        live.join(stream, "s1");
        version.set(1);
        live.changed();
        live.flush();
        version.set(2);
        live.changed();
        live.flush();

        assertThat(stream.events).containsExactly("changed:1", "changed:2");
    }

    @Test
    void nothingIsSentWhenNothingChanged() {
        FakeStream stream = new FakeStream();
        live.join(stream, "s1");

        live.flush();

        assertThat(stream.events).isEmpty();
        assertThat(stream.comments).containsExactly("connected");
    }

    @Test
    void theStreamOfAnEndedSessionIsToldAndClosedAtTheHeartbeat() {
        FakeStream ended = new FakeStream();
        FakeStream open = new FakeStream();
        live.join(ended, "s1");
        live.join(open, "s2");
        alive.remove("s1");

        live.heartbeat();

        assertThat(ended.events).containsExactly("signed-out:session ended");
        assertThat(ended.closed).isTrue();
        assertThat(open.comments).containsExactly("connected", "heartbeat");
        assertThat(live.clients()).isEqualTo(1);
    }

    @Test
    void aStreamThatFailsOrWasClosedIsDroppedAndTheOthersStillHear() {
        FakeStream failing = new FakeStream();
        failing.fail = true;
        FakeStream gone = new FakeStream();
        gone.terminated = true;
        FakeStream fine = new FakeStream();
        live.join(failing, "s1");
        live.join(gone, "s2");
        live.join(fine, "s3");
        version.set(7);
        live.changed();

        live.flush();

        assertThat(fine.events).containsExactly("changed:7");
        assertThat(gone.events).isEmpty();
        assertThat(live.clients()).isEqualTo(1);
    }

    private static final class FakeStream implements LiveUpdates.Stream {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        volatile boolean terminated;
        volatile boolean fail;

        @Override
        public void sendEvent(String event, String data) {
            if (fail) {
                throw new IllegalStateException("broken pipe");
            }
            events.add(event + ":" + data);
        }

        @Override
        public void sendComment(String comment) {
            comments.add(comment);
        }

        @Override
        public boolean terminated() {
            return terminated;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
