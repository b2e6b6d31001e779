package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.ApiTokens;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.alerts.intake.TestPublishers;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.http.HttpServer;
import org.rpmpipeline.http.HttpSettings;

/**
 * The console's rule backtest page over HTTP, with a runner that stands in for the backtest: who may use it, the
 * CSRF check, the size bound, one run at a time, the audit record and the reports.
 */
@Timeout(60)
class ConsoleBacktestTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final FakeRunner runner = new FakeRunner();
    private Console console;
    private HttpServer server;

    @AfterEach
    void stop() {
        runner.release.countDown();
        if (server != null) {
            server.close();
        }
        if (console != null) {
            console.close();
        }
    }

    private void serve(Optional<BacktestRunner> backtests) {
        ApiTokens tokens = ApiTokens.of(Map.of(
                "admin-token", new Principal("admin-a", Role.ADMIN),
                "nurse-token", new Principal("nurse-a", Role.CLINICIAN),
                "viewer-token", new Principal("viewer-a", Role.VIEWER)));
        // the backtest page does not touch alerts: no alert API
        console = new Console(ConsoleSettings.defaults(), new ApiAccess(tokens, false), null,
                CareTeams.single("care-team"), TestPublishers.over(producer), VitalHistory.none(), Map.of(),
                Clock.systemUTC(), backtests);
        server = HttpServer.start(HttpSettings.loopback(0, 10 * 1024 * 1024), console::routes);
    }

    @Test
    void anAdminSeesTheLinkAndTheForm_underTheConsolesSecurityHeaders() throws Exception {
        serve(Optional.of(runner));
        Browser admin = signIn("admin-token");

        assertThat(admin.get("/console/").body()).contains("href=\"/console/backtest\"");
        HttpResponse<String> page = admin.get("/console/backtest");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"backtest-form\"").contains("enctype=\"multipart/form-data\"")
                .doesNotContain("<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(Console.CSP);
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void cliniciansAndViewers_getNoLink_andAreRefused() throws Exception {
        serve(Optional.of(runner));
        for (String token : List.of("nurse-token", "viewer-token")) {
            Browser user = signIn(token);
            assertThat(user.get("/console/").body()).doesNotContain("/console/backtest");
            assertThat(user.get("/console/backtest").statusCode()).isEqualTo(403);
            assertThat(user.get("/console/backtest/jobs").statusCode()).isEqualTo(403);
            HttpResponse<String> post = user.post("/console/backtest", user.csrf(), rules("rules: []\n"));
            assertThat(post.statusCode()).isEqualTo(403);
            assertThat(post.body()).contains("for admins");
        }
        assertThat(runner.prepared).hasValue(0);
        assertThat(audits()).isEmpty();
    }

    @Test
    void aStartWithoutTheCsrfToken_isRefused_andNothingStarts() throws Exception {
        serve(Optional.of(runner));
        Browser admin = signIn("admin-token");

        HttpResponse<String> post = admin.post("/console/backtest", "not-the-token", rules("rules: []\n"));

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(runner.prepared).hasValue(0);
        assertThat(audits()).isEmpty();
    }

    @Test
    void withoutARunner_thePageSaysToUseTheCommand_andAStartIsRefused() throws Exception {
        serve(Optional.empty());
        Browser admin = signIn("admin-token");

        HttpResponse<String> page = admin.get("/console/backtest");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("not available in this deployment").contains("./rpm backtest")
                .doesNotContain("id=\"backtest-form\"");
        HttpResponse<String> post = admin.post("/console/backtest", admin.csrf(), rules("rules: []\n"));
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).contains("./rpm backtest");
        assertThat(audits()).isEmpty();
    }

    @Test
    void anOversizedCandidate_isRefused_beforeTheRunnerSeesIt() throws Exception {
        serve(Optional.of(runner));
        Browser admin = signIn("admin-token");
        String csrf = admin.csrf();

        // over the bound for the file, within the bound for the form: the page says so
        HttpResponse<String> large = admin.post("/console/backtest", csrf,
                upload("big.yaml", new byte[BacktestPages.MAX_RULES_BYTES + 1]));
        assertThat(large.statusCode()).isEqualTo(400);
        assertThat(large.body()).contains("too large: at most 256 KiB");
        // over the bound for the whole form: refused before the body is read
        HttpResponse<String> huge = admin.post("/console/backtest", csrf,
                upload("huge.yaml", new byte[BacktestPages.MAX_FORM_BYTES + 1]));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("at most 256 KiB");

        assertThat(runner.prepared).hasValue(0);
        assertThat(audits()).isEmpty();
    }

    @Test
    void badRules_showTheBacktestsOwnError_andNothingStarts() throws Exception {
        serve(Optional.of(runner));
        Browser admin = signIn("admin-token");

        HttpResponse<String> post = admin.post("/console/backtest", admin.csrf(),
                upload("candidate.yaml", "rules: [unclosed\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).contains("id=\"backtest-error\"")
                .contains("candidate.yaml:2: not valid YAML: expected ',' or ']', but got &lt;stream end&gt;");
        assertThat(runner.runs).hasValue(0);
        assertThat(audits()).isEmpty();
        assertThat(admin.get("/console/backtest").body()).contains("None yet");
    }

    @Test
    void aStartIsAudited_aSecondIsRefusedWhileItRuns_andTheReportsAreServed() throws Exception {
        serve(Optional.of(runner));
        Browser admin = signIn("admin-token");
        String csrf = admin.csrf();

        HttpResponse<String> started = admin.post("/console/backtest", csrf,
                upload("candidate.yaml", "rules: []\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(started.statusCode()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runner.runs).hasValue(1));

        String running = admin.get("/console/backtest").body();
        assertThat(running).contains("running").contains("hx-trigger=\"every 2s\"")
                .contains("FakeRunner sha of candidate.yaml");
        HttpResponse<String> second = admin.post("/console/backtest", csrf, rules("rules: []\n"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("still running").contains("admin-a");
        assertThat(runner.prepared).hasValue(1);

        List<String> audits = audits();
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0)).contains("\"actor\":\"admin-a\"").contains("backtest.started")
                .contains("sha256=FakeRunner sha of candidate.yaml").contains("from 30d");

        runner.release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/console/backtest/jobs").body()).contains("report written"));
        String done = admin.get("/console/backtest").body();
        assertThat(done).doesNotContain("hx-trigger").contains("3 would-be alerts");
        Matcher link = Pattern.compile("href=\"(/console/backtest/[0-9a-f-]+/backtest\\.html)\"").matcher(done);
        assertThat(link.find()).isTrue();

        HttpResponse<String> html = admin.get(link.group(1));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).isEqualTo(FakeRunner.HTML);
        assertThat(html.headers().firstValue("Content-Security-Policy")).contains(BacktestPages.REPORT_CSP);
        HttpResponse<String> json = admin.get(link.group(1).replace(".html", ".json"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).isEqualTo(FakeRunner.JSON);
        assertThat(json.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).startsWith("attachment"));

        assertThat(admin.get("/console/backtest/no-such-job/backtest.html").statusCode()).isEqualTo(404);
        Browser nurse = signIn("nurse-token");
        assertThat(nurse.get(link.group(1)).statusCode()).isEqualTo(403);
    }

    private List<String> audits() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.AUDIT.name()))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.contains("backtest")).toList();
    }

    // ---- a browser of sorts ----

    private Browser signIn(String token) throws Exception {
        Browser b = new Browser();
        String csrf = b.csrfOf(b.get("/console/sign-in").body());
        HttpResponse<String> signedIn = b.send(HttpRequest.newBuilder(b.uri("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&token=" + token)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return b;
    }

    private static Map<String, Object> rules(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rules", text);
        fields.put("from", "30d");
        return fields;
    }

    private static Map<String, Object> upload(String name, byte[] content) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rulesFile", new Upload(name, content));
        fields.put("from", "30d");
        return fields;
    }

    private record Upload(String name, byte[] content) {
    }

    private final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrf() throws IOException, InterruptedException {
            return csrfOf(get("/console/").body());
        }

        String csrfOf(String html) {
            Matcher m = CSRF.matcher(html);
            assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
            return m.group(1);
        }

        /** A multipart form post, as a browser sends the backtest form. */
        HttpResponse<String> post(String path, String csrf, Map<String, Object> fields)
                throws IOException, InterruptedException {
            String boundary = "----rpm-test-boundary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("_csrf", csrf);
            all.putAll(fields);
            for (Map.Entry<String, Object> field : all.entrySet()) {
                body.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (field.getValue() instanceof Upload upload) {
                    body.writeBytes(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"; filename=\""
                            + upload.name() + "\"\r\nContent-Type: application/yaml\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    body.writeBytes(upload.content());
                } else {
                    body.writeBytes(("Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue()).getBytes(StandardCharsets.UTF_8));
                }
                body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        }
    }

    /**
     * Stands in for the backtest: refuses text with an unclosed flow sequence as the backtest would (its message,
     * its format), and writes fixed reports once released.
     */
    static final class FakeRunner implements BacktestRunner {
        static final String HTML = "<!DOCTYPE html><title>report</title><style>p{color:red}</style><p>3</p>";
        static final String JSON = "{\"alerts\":3}";
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger prepared = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Prepared prepare(Request request) {
            requests.add(request);
            String text = new String(request.rules(), StandardCharsets.UTF_8);
            if (text.contains("[unclosed")) {
                throw new Invalid(request.rulesName() + ":2: not valid YAML: expected ',' or ']', but got <stream end>");
            }
            prepared.incrementAndGet();
            return new Prepared() {
                @Override
                public String candidate() {
                    return request.rulesName();
                }

                @Override
                public String sha256() {
                    return "FakeRunner sha of " + request.rulesName();
                }

                @Override
                public String scope() {
                    return "from " + request.from() + " to now, every patient";
                }

                @Override
                public Outcome run(Path outDir) throws Exception {
                    runs.incrementAndGet();
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    Files.writeString(outDir.resolve(HTML_FILE), HTML);
                    Files.writeString(outDir.resolve(JSON_FILE), JSON);
                    return new Written("3 would-be alerts");
                }
            };
        }
    }
}
