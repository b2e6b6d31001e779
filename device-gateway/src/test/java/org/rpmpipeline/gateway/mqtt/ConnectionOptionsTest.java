package org.rpmpipeline.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.gateway.GatewayConfig;
import org.rpmpipeline.gateway.GatewayConfig.MqttSettings;

class ConnectionOptionsTest {
    private static MqttSettings mqtt(String url) {
        return GatewayConfig.from(Settings.of(Map.of(GatewayConfig.MQTT_URL, url))).mqtt();
    }

    private static boolean noDelay(SocketFactory factory) throws Exception {
        try (Socket socket = factory.createSocket()) {
            return socket.getTcpNoDelay();
        }
    }

    @Test
    void plainConnectionsSwitchNagleOff() throws Exception {
        MqttConnectionOptions options = ConnectionOptions.gateway(mqtt("tcp://127.0.0.1:1883"));

        assertThat(options.getSocketFactory()).isNotInstanceOf(SSLSocketFactory.class);
        assertThat(noDelay(options.getSocketFactory())).isTrue();
        assertThat(noDelay(SocketFactory.getDefault())).as("the JVM default leaves Nagle on").isFalse();
    }

    @Test
    void tlsConnectionsSwitchNagleOffAndStayTls() throws Exception {
        MqttConnectionOptions options = ConnectionOptions.gateway(mqtt("ssl://127.0.0.1:8883"));

        assertThat(options.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
        assertThat(noDelay(options.getSocketFactory())).isTrue();
    }

    @Test
    void publisherConnectionsSwitchNagleOffToo() throws Exception {
        assertThat(noDelay(ConnectionOptions.publisher(mqtt("tcp://127.0.0.1:1883")).getSocketFactory())).isTrue();
    }

    @Test
    void gatewaySessionIsPersistentWithTheInFlightBoundAsReceiveMaximum() {
        MqttConnectionOptions options = ConnectionOptions.gateway(mqtt("tcp://127.0.0.1:1883"));

        assertThat(options.isCleanStart()).isFalse();
        assertThat(options.getReceiveMaximum()).isEqualTo(1000);
        assertThat(options.isAutomaticReconnect()).isFalse();
    }
}
