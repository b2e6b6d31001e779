package org.rpmpipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HealthServerTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<HealthEndpoints.Readiness> readiness = new AtomicReference<>();
    private HealthServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        if (server == null) {
            server = HealthServer.start(HttpSettings.loopback(0, 16 * 1024), readiness::get,
                    () -> "# TYPE up gauge\nup 1\n");
        }
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveWhileTheProcessRunsWhateverTheReadiness() throws Exception {
        readiness.set(HealthEndpoints.Readiness.ofChecks(Map.of("kafka", false)));

        HttpResponse<String> live = get("/health/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readyOnlyWhenEveryCheckIsTrueAndTheBodyNamesEachCheck() throws Exception {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("mqtt", true);
        checks.put("kafka", false);
        readiness.set(HealthEndpoints.Readiness.ofChecks(checks));

        HttpResponse<String> down = get("/health/ready");
        checks.put("kafka", true);
        readiness.set(HealthEndpoints.Readiness.ofChecks(checks));
        HttpResponse<String> up = get("/health/ready");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"mqtt\":true,\"kafka\":false}}");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"mqtt\":true,\"kafka\":true}}");
    }

    @Test
    void readinessDetailsOfAServiceAreInTheBody() throws Exception {
        readiness.set(new HealthEndpoints.Readiness(false, Map.of("streams", "REBALANCING")));

        HttpResponse<String> ready = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"streams\":\"REBALANCING\"}");
    }

    @Test
    void metricsInPrometheusTextFormat() throws Exception {
        readiness.set(new HealthEndpoints.Readiness(true, Map.of()));

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).isEqualTo("# TYPE up gauge\nup 1\n");
    }

    @Test
    void statusIsNotADetail() {
        assertThatThrownBy(() -> new HealthEndpoints.Readiness(true, Map.of("status", "fine")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
