package org.rpmpipeline.gateway.bench;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rpmpipeline.embedded.EmbeddedMqttBroker;
import org.rpmpipeline.embedded.FreePort;
import org.rpmpipeline.gateway.MosquittoBroker;

/**
 * The benchmark's broker: HiveMQ CE in the JVM, or a Mosquitto process. HiveMQ is set up like the embedded test
 * broker but with a large per-client queue: HiveMQ's default
 * (1,000 queued messages, then discard) would drop a burst the subscriber has not caught up with yet, and the
 * benchmark would measure the broker's queue instead of the gateway.
 */
final class BenchBroker implements AutoCloseable {
    private static final int QUEUE = 2_000_000;
    private final EmbeddedHiveMQ hivemq;
    private final MosquittoBroker mosquitto;
    private final int port;

    private BenchBroker(EmbeddedHiveMQ hivemq, MosquittoBroker mosquitto, int port) {
        this.hivemq = hivemq;
        this.mosquitto = mosquitto;
        this.port = port;
    }

    static BenchBroker start(boolean useMosquitto) throws IOException {
        if (useMosquitto) {
            MosquittoBroker broker = MosquittoBroker.start(Files.createTempDirectory("rpm-bench-mosquitto-"),
                    "allow_anonymous true\nmax_queued_messages " + QUEUE + "\nmax_inflight_messages 0");
            return new BenchBroker(null, broker, broker.port());
        }
        int port = FreePort.pick();
        Path home = Files.createTempDirectory("rpm-bench-hivemq-");
        Files.writeString(home.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages><max-queue-size>%d</max-queue-size></queued-messages>
                    </mqtt>
                    <persistence><mode>in-memory</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, QUEUE));
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = EmbeddedMqttBroker.SHARED_IN_FLIGHT_WINDOW;
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(home).withDataFolder(home)
                .withExtensionsFolder(home).withoutLoggingBootstrap().build();
        hivemq.start().join();
        return new BenchBroker(hivemq, null, port);
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
        hivemq.stop().join();
        hivemq.close();
    }
}
