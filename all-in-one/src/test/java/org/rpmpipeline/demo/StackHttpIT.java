package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.config.Settings;
import picocli.CommandLine;

/**
 * {@code ./rpm stack}'s HTTP with its default options (on free ports): the alert API needs the generated token,
 * and none of the three HTTP servers can be reached from another machine. A key of the configuration reaches the
 * running service.
 */
@Timeout(300)
class StackHttpIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void defaultStack_servesHttpOnLoopbackOnly_andTheAlertApiNeedsTheGeneratedToken() throws Exception {
        // a key from the environment reaches the running service
        StackCommand command = new StackCommand(Settings.of(Map.of("RPM_GATEWAY_CLIENT_ID", "stack-it-gateway")));
        new CommandLine(command).parseArgs("--mqtt-port", "0", "--kafka-port", "0", "--http-port", "0",
                "--gateway-http-port", "0", "--processor-http-port", "0");
        try (GeneratedToken token = GeneratedToken.create();
                EmbeddedStack stack = EmbeddedStack.start(command.options(Map.of(AlertConfig.API_TOKENS_FILE,
                        token.file().toString())), List.of(), Duration.ofSeconds(150))) {
            assertThat(stack.gateway().config().mqtt().clientId()).isEqualTo("stack-it-gateway");
            int alerts = stack.alerts().httpPort();
            List<Integer> ports = List.of(alerts, stack.gateway().httpPort(), stack.processor().httpPort());

            assertThat(get(alerts, "/alerts", null).statusCode()).isEqualTo(401);
            assertThat(get(alerts, "/fhir/Observation?patient=p-1", null).statusCode()).isEqualTo(401);
            assertThat(get(alerts, "/alerts", token.token()).statusCode()).isEqualTo(200);
            assertThat(get(alerts, "/fhir/Observation?patient=p-1", token.token()).statusCode()).isEqualTo(200);
            // the care-team console is on the same port: without a session only its sign-in page is served
            assertThat(get(alerts, "/", null).headers().firstValue("Location")).contains("/console/");
            assertThat(get(alerts, "/console/", null).headers().firstValue("Location")).contains("/console/sign-in");
            assertThat(get(alerts, "/console/sign-in", null).statusCode()).isEqualTo(200);
            for (int port : ports) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("port %d on loopback", port)
                        .isTrue();
            }

            Optional<InetAddress> external = nonLoopbackAddress();
            Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address: "
                    + "that the stack's HTTP is unreachable from other machines could not be checked");
            for (int port : ports) {
                assertThatThrownBy(() -> connects(external.get(), port)).as("port %d on %s", port, external.get())
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        }
    }

    /** An IPv4 address of an interface that is up and not loopback, if this machine has one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
