package org.rpmpipeline.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.gateway.MosquittoBroker;

/**
 * The benchmark's broker: the embedded HiveMQ CE of the stack and the tests, or a Mosquitto process set up alike:
 * a large per-client queue (a broker that discards a burst the subscriber has not caught up with yet would make
 * the benchmark measure its queue instead of the gateway) and no broker-side cap on messages in flight.
 */
final class BenchBroker implements AutoCloseable {
    private final EmbeddedMqttBroker hivemq;
    private final MosquittoBroker mosquitto;
    private final int port;

    private BenchBroker(EmbeddedMqttBroker hivemq, MosquittoBroker mosquitto, int port) {
        this.hivemq = hivemq;
        this.mosquitto = mosquitto;
        this.port = port;
    }

    static BenchBroker start(boolean useMosquitto) throws IOException {
        if (useMosquitto) {
            MosquittoBroker broker = MosquittoBroker.start(Files.createTempDirectory("rpm-bench-mosquitto-"),
                    "allow_anonymous true\nmax_queued_messages " + EmbeddedMqttBroker.MAX_QUEUED_MESSAGES
                            + "\nmax_inflight_messages 0");
            return new BenchBroker(null, broker, broker.port());
        }
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start();
        return new BenchBroker(broker, null, broker.port());
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        if (mosquitto != null) {
            mosquitto.close();
            return;
        }
        hivemq.close();
    }
}
