package org.rpmpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The stack's console runs a rule backtest for an admin with the backtest module, over the stack's own Kafka: a
 * short history of readings is replayed, the start is audited with the candidate's digest, and the reports are
 * served.
 */
@Timeout(300)
class ConsoleBacktestIT {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final int READINGS = 8;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private int port;

    @Test
    void anAdminBacktestsTheBundledRules_onTheStacksReadings_andGetsTheReports() throws Exception {
        try (GeneratedToken token = GeneratedToken.create();
                EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Options(0, EmbeddedStack.LOOPBACK, 0,
                        0, 0, 0, Map.of(AlertConfig.API_TOKENS_FILE, token.file().toString())), List.of(),
                        Duration.ofSeconds(150))) {
            port = stack.alerts().httpPort();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            history(stack.bootstrapServers(), now);

            String csrf = csrfOf(get("/console/sign-in").body());
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri("/console/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&token=" + token.token())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(303);
            String page = get("/console/backtest").body();
            assertThat(page).contains("id=\"backtest-form\"");

            byte[] candidate = bundledRules().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> started = post(csrfOf(page), candidate, "3h");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(303);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(get("/console/backtest/jobs").body()).contains("report written"));
            String done = get("/console/backtest").body();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(candidate));
            assertThat(done).contains(sha256).contains("readings replayed through both rule sets");
            Matcher link = Pattern.compile("href=\"(/console/backtest/[0-9a-f-]+/backtest\\.html)\"").matcher(done);
            assertThat(link.find()).isTrue();

            HttpResponse<String> html = get(link.group(1));
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("candidate.yaml").doesNotContain("<script");
            HttpResponse<String> json = get(link.group(1).replace(".html", ".json"));
            assertThat(json.statusCode()).isEqualTo(200);
            Matcher readings = Pattern.compile("\"readings\"\\s*:\\s*(\\d+)").matcher(json.body());
            assertThat(readings.find()).as(json.body()).isTrue();
            assertThat(Integer.parseInt(readings.group(1))).isEqualTo(READINGS);
            assertThat(json.body()).contains(sha256);
        }
    }

    /** {@link #READINGS} heart rates of one patient in the last two hours, as the gateway publishes them. */
    private static void history(String bootstrap, Instant now) throws Exception {
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer())) {
            for (int i = 0; i < READINGS; i++) {
                Instant at = now.minus(Duration.ofMinutes(120 - 10L * i));
                Instant received = at.plusSeconds(1);
                BigDecimal value = new BigDecimal(i % 2 == 0 ? 72 : 135);
                String device = "dev-backtest-1";
                Reading reading = new Reading(Schema.VERSION, Reading.idFor(device, VitalType.HEART_RATE, at,
                        value.toPlainString()), "p-backtest-1", device, null, VitalType.HEART_RATE, value,
                        VitalType.HEART_RATE.unit(), null, List.of(), at, received, null, null, null);
                producer.send(new ProducerRecord<>(Topics.READINGS.name(), null, received.toEpochMilli(),
                        "p-backtest-1", reading)).get();
            }
        }
    }

    /** The processor's bundled rules as a rules file: the clinical reference's {@code rules} section. */
    private static String bundledRules() throws IOException {
        String reference;
        try (InputStream in = ClinicalReference.class.getResourceAsStream(ClinicalReference.BUNDLED)) {
            reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = reference.lines().toList();
        int start = lines.indexOf("rules:");
        assertThat(start).isNotNegative();
        StringBuilder out = new StringBuilder("schemaVersion: 1\nrules:\n");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String csrf, byte[] rules, String from) throws IOException, InterruptedException {
        String boundary = "----rpm-it-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : List.of(new String[] {"_csrf", csrf}, new String[] {"from", from})) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0]
                    + "\"\r\n\r\n" + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"rulesFile\"; "
                + "filename=\"candidate.yaml\"\r\nContent-Type: application/yaml\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(rules);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri("/console/backtest"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
