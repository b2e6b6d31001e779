package org.rpmpipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class HttpServerTest {
    private static final int LIMIT = 64 * 1024;
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bodyOverTheLimitWithContentLength_isRefusedWith413BeforeAnyHandlerReadsIt() throws Exception {
        AtomicBoolean handled = new AtomicBoolean();
        server = start(HttpSettings.loopback(0, LIMIT), handled);

        HttpResponse<String> response = client.send(post("/echo", new byte[LIMIT + 1]),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).startsWith("{\"error\":");
        assertNoInternals(response.body());
        assertThat(handled).isFalse();
    }

    @Test
    void chunkedBodyOverTheLimit_isRefusedWith413ForRoutesAndServlets() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        for (String path : new String[] {"/echo", "/servlet/echo"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(new byte[4 * LIMIT]))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(413);
            assertNoInternals(response.body());
        }
    }

    @Test
    void bodyWithinTheLimit_isServed() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        for (String path : new String[] {"/echo", "/servlet/echo"}) {
            HttpResponse<String> response = client.send(post(path, new byte[LIMIT]),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(Integer.toString(LIMIT));
        }
    }

    @Test
    void slowHeaderConnection_isClosedAfterTheHeaderTimeout_whileTheIdleTimeoutWouldKeepIt() throws Exception {
        HttpSettings settings = new HttpSettings(HttpSettings.LOOPBACK, 0, LIMIT, Duration.ofMinutes(10),
                Duration.ofMillis(500), 256);
        server = start(settings, new AtomicBoolean());

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // one more header byte per poll: the connection is never idle, its headers never complete
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> closedAfterWriting(socket, 'x'));
        }
    }

    @Test
    void connectionThatSendsNothing_isClosedByTheIdleTimeout() throws Exception {
        HttpSettings settings = new HttpSettings(HttpSettings.LOOPBACK, 0, LIMIT, Duration.ofMillis(500),
                Duration.ofMinutes(10), 256);
        server = start(settings, new AtomicBoolean());

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(50);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> closedByPeer(socket));
        }
    }

    @Test
    void refusalBeforeReadingTheBody_isAnswered_andTheClientsNextRequestOnTheConnectionIsToo() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> refused = client.send(post("/refuse", new byte[LIMIT]),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> next = client.send(post("/echo", new byte[100]), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as("request %d", i).isEqualTo(403);
            assertThat(refused.headers().firstValue("Connection")).as("request %d", i).isEmpty();
            assertThat(next.body()).as("request %d", i).isEqualTo("100");
        }
    }

    @Test
    void refusalOfAChunkedBodyOverTheLimit_closesTheConnection() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri("/refuse"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * LIMIT])))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Connection")).contains("close");
        assertThat(client.send(post("/echo", new byte[100]), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("100");
    }

    @Test
    void keepAliveConnection_servesRequestsOneAfterAnother() throws Exception {
        HttpSettings settings = new HttpSettings(HttpSettings.LOOPBACK, 0, LIMIT, Duration.ofMinutes(10),
                Duration.ofMillis(500), 256);
        server = start(settings, new AtomicBoolean());

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void connectionsOverTheLimit_waitUntilOneCloses() throws Exception {
        HttpSettings settings = new HttpSettings(HttpSettings.LOOPBACK, 0, LIMIT, Duration.ofMinutes(10),
                Duration.ofMinutes(10), 2);
        server = start(settings, new AtomicBoolean());
        InetAddress loopback = InetAddress.getLoopbackAddress();

        try (Socket first = new Socket(loopback, server.port()); Socket second = new Socket(loopback, server.port());
                Socket third = new Socket(loopback, server.port())) {
            first.setSoTimeout(10_000);
            third.setSoTimeout(50);
            first.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(first.getInputStream())).startsWith("HTTP/1.1 200");
            third.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // two connections are open: the third is not accepted, so nothing answers it
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                    .until(() -> nothingToRead(third));

            second.close();

            third.setSoTimeout(30_000);
            assertThat(readResponseHead(third.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void malformedRequest_getsAnErrorBodyWithoutInternals() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400");
            assertNoInternals(response);
        }
    }

    @Test
    void failingHandlerOrServlet_answers500WithoutClassNames() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        for (String path : new String[] {"/boom", "/servlet/boom"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(500);
            assertThat(response.body()).as(path).startsWith("{\"error\":");
            assertNoInternals(response.body());
            assertThat(response.body()).doesNotContain("secret detail");
        }
    }

    @Test
    void everyResponse_isNosniffAndNoStore() throws Exception {
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());

        for (String path : new String[] {"/health", "/no-such-path", "/servlet/echo"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValueSatisfying(
                    value -> assertThat(value).contains("no-store"));
        }
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(uri("/no-such-path")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertNoInternals(missing.body());
    }

    @Test
    void defaultBind_isNotReachableOnANonLoopbackAddress_andTheWildcardIs() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(),
                "this machine has no non-loopback IPv4 address, so reachability from outside cannot be tested");
        server = start(HttpSettings.loopback(0, LIMIT), new AtomicBoolean());
        int port = server.port();

        assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThatThrownBy(() -> connects(external.get(), port)).isInstanceOf(ConnectException.class);
        server.close();

        server = start(new HttpSettings("0.0.0.0", 0, LIMIT, Duration.ofSeconds(30), Duration.ofSeconds(10),
                256), new AtomicBoolean());
        assertThat(connects(external.get(), server.port())).isTrue();
        assertThat(server.localBaseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    private HttpServer start(HttpSettings settings, AtomicBoolean handled) {
        return HttpServer.start(settings, config -> {
            config.routes.get("/health", ctx -> ctx.result("UP"));
            config.routes.post("/echo", ctx -> {
                handled.set(true);
                ctx.result(Integer.toString(ctx.bodyAsBytes().length));
            });
            config.routes.post("/refuse", ctx -> {
                HttpServer.discardUnreadBody(ctx.req(), ctx.res());
                HttpServer.error(ctx, 403, "not for you");
            });
            config.routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret detail");
            });
            config.jetty.modifyServletContextHandler(handler -> handler.addServlet(new ServletHolder(new Servlet()),
                    "/servlet/*"));
        });
    }

    /** A servlet that reads its whole body itself, the way HAPI's RestfulServer does. */
    private static final class Servlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long read = req.getInputStream().transferTo(OutputStream.nullOutputStream());
            resp.getWriter().write(Long.toString(read));
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getPathInfo().equals("/boom")) {
                throw new IllegalStateException("secret detail");
            }
            resp.getWriter().write("servlet");
        }
    }

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)")
                .doesNotContain("org.eclipse").doesNotContain("io.javalin").doesNotContain("java.lang")
                .doesNotContain("\tat ").doesNotContain("<html");
    }

    private HttpRequest post(String path, byte[] body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        int length = Integer.parseInt(text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElse("content-length: 0").substring(15).trim());
        in.readNBytes(length);
        return text;
    }

    private static boolean closedAfterWriting(Socket socket, char b) {
        try {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            return true;
        }
        return closedByPeer(socket);
    }

    private static boolean nothingToRead(Socket socket) {
        try {
            return socket.getInputStream().read() == -2;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean closedByPeer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        }
    }

    /** An IPv4 address of an interface that is up and not loopback, if this machine has one. */
    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
