package org.rpmpipeline.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.rpmpipeline.contract.config.ConfigException;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void portInUse_isNamedByItsFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> new PortCheck().port("--mqtt-port", "127.0.0.1", port).requireFree())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--mqtt-port " + port + " is already in use on 127.0.0.1 (another process listens "
                            + "there; choose another port, or 0 for a free one)");
        }
    }

    @Test
    void samePortTwice_isRefusedNamingBoth() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        int port = free;
        assertThatThrownBy(() -> new PortCheck().port("--http-port", "127.0.0.1", port)
                .port("--gateway-http-port", "127.0.0.1", port).requireFree())
                .hasMessageContaining("--gateway-http-port " + port + " is also --http-port's port");
    }

    @Test
    void everyBadPortIsReported_andFreeOrZeroPortsPass() throws Exception {
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                ServerSocket b = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> new PortCheck().port("--a", "127.0.0.1", a.getLocalPort())
                    .port("--b", "127.0.0.1", b.getLocalPort()).port("--c", "127.0.0.1", 0).requireFree())
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.lines()).hasSize(2));
        }
        new PortCheck().port("--c", "127.0.0.1", 0).port("--d", "127.0.0.1", -1).requireFree();
    }

    @Test
    void portConverter_acceptsZeroTo65535Only() {
        PortConverter converter = new PortConverter();

        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("65535")).isEqualTo(65535);
        for (String bad : new String[] {"-5", "65536", "99999", "http"}) {
            assertThatThrownBy(() -> converter.convert(bad)).hasMessageContaining("\"" + bad + "\"");
        }
    }
}
