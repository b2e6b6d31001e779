package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.embedded.MutableClock;

/** Bearer and client-credentials auth against a local stand-in for a token endpoint and a FHIR server. */
class FhirWriterAuthTest {
    private HttpServer server;
    private final List<String> fhirAuthorizations = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile boolean refuseNextFhirCall;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] out = ("{\"access_token\":\"tok-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.createContext("/fhir", exchange -> {
            exchange.getRequestBody().readAllBytes();
            fhirAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = refuseNextFhirCall ? 401 : 200;
            refuseNextFhirCall = false;
            byte[] out = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsAFixedBearerToken() throws Exception {
        new FhirWriter(url("/fhir"), Optional.of("static-token"), Duration.ofSeconds(5)).deliver(observation());

        assertThat(fhirAuthorizations).containsExactly("Bearer static-token");
    }

    @Test
    void clientCredentialsTokenIsFetchedCachedAndRenewedAfterA401() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-15T08:00:00Z"));
        FhirWriter writer = new FhirWriter(url("/fhir"), new ClientCredentials(url("/token"), "rpm-alerts",
                "s3cret", "system/*.write", Duration.ofSeconds(5), clock), Duration.ofSeconds(5));

        writer.deliver(observation());
        writer.deliver(observation());
        refuseNextFhirCall = true;
        assertThatThrownBy(() -> writer.deliver(observation())).isInstanceOf(FhirDeliveryException.class)
                .matches(e -> ((FhirDeliveryException) e).retriable());
        writer.deliver(observation());
        clock.advance(Duration.ofHours(1));
        writer.deliver(observation());

        assertThat(fhirAuthorizations).containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-1",
                "Bearer tok-2", "Bearer tok-3");
        String basic = "Basic " + Base64.getEncoder().encodeToString("rpm-alerts:s3cret".getBytes());
        assertThat(tokenRequests).hasSize(3).allSatisfy(r -> assertThat(r)
                .isEqualTo(basic + " grant_type=client_credentials&scope=system%2F*.write"));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static List<org.hl7.fhir.r4.model.Resource> observation() {
        return List.of(new ObservationMapper().map(Readings.of(VitalType.HEART_RATE, "70")));
    }
}
