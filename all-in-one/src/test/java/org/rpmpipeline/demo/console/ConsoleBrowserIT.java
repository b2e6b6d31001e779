package org.rpmpipeline.demo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.MqttTopics;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.topic.Topic;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.demo.EmbeddedStack;

/**
 * The care-team console in a real browser (Debian's chromium through chromedriver) against the whole embedded
 * stack, fed over MQTT as a hub would: sign-in, the worklist, a deteriorating patient's alert arriving live,
 * an acknowledgement in one browser showing in another, a viewer who cannot act, notes and snoozes on the audit
 * trail, the patient's charts and a threshold edit that changes the next finding, and axe-core on every page at
 * desktop and phone width. One stack and three browsers serve all the tests, in order. Skipped, with a message,
 * where chromium or chromedriver is not installed.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String NURSE_A = "nurse-a";
    private static final String NURSE_B = "nurse-b";
    private static final String CLINICIAN_TOKEN = "clinician-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String CLINICIAN_B_TOKEN = "clinician-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String VIEWER_TOKEN = "viewer-token-cccccccccccccccccccccccccccccccc";
    private static final String STABLE = "patient-cb-stable";
    private static final String FALLING = "patient-cb-falling";
    private static final Duration LIVE = Duration.ofSeconds(30);

    private static Path tokens;
    private static EmbeddedStack stack;
    private static String base;
    private static Browser a;
    private static Browser b;
    private static Browser viewer;
    private static final List<String> visited = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Browser.available(), "chromium and chromedriver are not installed at "
                + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER + " (apt-get install chromium chromium-driver): "
                + "the console's browser tests are skipped");
        tokens = Files.createTempFile("console-tokens", ".txt");
        Files.writeString(tokens, CLINICIAN_TOKEN + " clinician " + NURSE_A + "\n" + CLINICIAN_B_TOKEN
                + " clinician " + NURSE_B + "\n" + VIEWER_TOKEN + " viewer ward-viewer\n");
        stack = EmbeddedStack.start(new EmbeddedStack.Options(0, EmbeddedStack.LOOPBACK, 0, 0, 0, 0,
                Map.of(AlertConfig.API_TOKENS_FILE, tokens.toString())),
                List.of(DeviceBinding.of("app-cb-stable", STABLE), DeviceBinding.of("app-cb-falling", FALLING)),
                Duration.ofSeconds(150));
        base = "http://127.0.0.1:" + stack.alerts().httpPort();
        a = Browser.start(1280, 900);
        b = Browser.start(1280, 900);
        viewer = Browser.start(390, 844);
        // a first, normal reading for each patient, and a device status, so both have a chart and a device row
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish("app-cb-stable", List.of(item("spo2", "97", "%", now.minusSeconds(120)),
                item("heart-rate", "72", "/min", now.minusSeconds(120))));
        publish("app-cb-falling", List.of(item("spo2", "96", "%", now.minusSeconds(300)),
                item("spo2", "95", "%", now.minusSeconds(240))));
        status("app-cb-falling", "{\"online\":true,\"batteryPercent\":14}");
    }

    @AfterAll
    static void stop() throws IOException {
        for (Browser browser : new Browser[] {a, b, viewer}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
        if (tokens != null) {
            Files.deleteIfExists(tokens);
        }
    }

    @Test
    @Order(1)
    void anonymousVisitorsSeeOnlyTheSignInPage_andABadTokenIsRefused() {
        WebDriver d = a.driver;
        d.get(base + "/");
        assertThat(d.getCurrentUrl()).endsWith("/console/sign-in");
        d.get(base + "/console/patients/" + FALLING);
        assertThat(d.getCurrentUrl()).endsWith("/console/sign-in");
        assertThat(d.getPageSource()).doesNotContain(FALLING);
        d.findElement(By.id("token")).sendKeys("not-a-token" + Keys.ENTER);
        assertThat(d.findElement(By.id("sign-in-error")).getText()).contains("not valid");
        axe(d, "sign-in");
    }

    @Test
    @Order(2)
    void aClinicianSignsIn_andTheWorklistAppears() {
        signIn(a, CLINICIAN_TOKEN);
        assertThat(a.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Worklist");
        assertThat(a.driver.findElement(By.cssSelector(".who")).getText()).contains(NURSE_A).contains("clinician");
        assertThat(a.driver.manage().getCookieNamed("rpm_console").isHttpOnly()).isTrue();
        signIn(b, CLINICIAN_B_TOKEN);
        // the status is swapped by each live refresh: read it afresh until it is read whole
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(b.driver.findElement(
                By.id("worklist-status")).getText()).contains("live"));
    }

    @Test
    @Order(3)
    void aDeterioratingPatientsAlertArrivesLive_onEveryOpenConsole() {
        markPage(a.driver);
        markPage(b.driver);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish("app-cb-falling", List.of(item("spo2", "93", "%", now.minusSeconds(60)),
                item("spo2", "86", "%", now)));
        for (Browser browser : List.of(a, b)) {
            await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(browser.driver.findElements(
                    By.cssSelector("#patient-" + FALLING + " .alert .rule"))).extracting(WebElement::getText)
                    .contains("spo2-low"));
            assertThat(pageMarked(browser.driver)).as("the worklist updated without a reload").isTrue();
        }
        // a live refresh may swap the row between finding and reading it: read it again until it holds
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            WebElement row = a.driver.findElement(By.cssSelector("#patient-" + FALLING));
            assertThat(row.getText()).contains("Triggering: SpO₂ 86 %");
            assertThat(row.getAttribute("class")).contains("sev-critical");
        });
        axe(a.driver, "worklist");
    }

    @Test
    @Order(4)
    void anAcknowledgementInOneBrowserShowsInTheOther() {
        markPage(b.driver);
        // the worklist is live: an element found may be swapped out before the click lands, so retry (an
        // acknowledgement is idempotent)
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> a.driver.findElement(
                By.cssSelector("#patient-" + FALLING + " .alert button")).click());
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(b.driver.findElement(
                By.cssSelector("#patient-" + FALLING + " .alert .state")).getText())
                .isEqualTo("acknowledged by " + NURSE_A));
        assertThat(pageMarked(b.driver)).as("the second console updated without a reload").isTrue();
    }

    @Test
    @Order(5)
    void aViewerSeesTheButtonsDisabled_andCannotActEvenByForgingTheRequest() throws Exception {
        signIn(viewer, VIEWER_TOKEN);
        WebDriver d = viewer.driver;
        assertThat(d.findElement(By.id("read-only")).getText()).contains("not act");
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(
                d.findElements(By.cssSelector(".alert button"))).isNotEmpty()
                .allSatisfy(button -> assertThat(button.isEnabled()).isFalse()));
        axe(d, "worklist at phone width");
        openFirstAlert(d, FALLING);
        assertThat(d.findElement(By.cssSelector("fieldset.actions")).getDomProperty("disabled")).isEqualTo("true");
        for (String button : List.of("acknowledge", "snooze", "resolve", "add-note")) {
            assertThat(d.findElement(By.id(button)).isEnabled()).as(button).isFalse();
        }
        String alertPath = URI.create(d.getCurrentUrl()).getPath();
        String csrf = d.findElement(By.name("_csrf")).getAttribute("value");
        Object status = ((JavascriptExecutor) d).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                      body: '_csrf=' + encodeURIComponent(arguments[1]) + '&note=forged'})
                  .then(r => done(r.status)).catch(e => done(String(e)));
                """, alertPath + "/note", csrf);
        assertThat(status).isEqualTo(403L);
        axe(d, "alert at phone width");
    }

    @Test
    @Order(6)
    void notesAndSnoozesCarryTheirReasonToTheAuditTrailAndTheHistory() {
        WebDriver d = a.driver;
        d.get(base + "/console/");
        openFirstAlert(d, FALLING);
        String alertId = URI.create(d.getCurrentUrl()).getPath().substring("/console/alerts/".length());
        d.findElement(By.id("note-text")).sendKeys("Called the patient: new probe on the way");
        d.findElement(By.id("add-note")).click();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.findElement(By.id("action-message"))
                .getText()).isEqualTo("Note added."));
        new Select(d.findElement(By.id("snooze-for"))).selectByValue("30m");
        d.findElement(By.id("snooze-reason")).sendKeys("probe replaced, recheck in 30 min");
        d.findElement(By.id("snooze")).click();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.findElement(By.id("history")).getText())
                .contains("Called the patient: new probe on the way")
                .contains("probe replaced, recheck in 30 min")
                .contains("acknowledged"));
        List<AuditEvent> audit = readAll(Topics.AUDIT, e -> alertId.equals(e.subjectId()));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("alert.note");
            assertThat(e.actor()).isEqualTo(NURSE_A);
            assertThat(e.detail()).isEqualTo("Called the patient: new probe on the way");
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("alert.snoozed");
            assertThat(e.detail()).contains("reason: probe replaced, recheck in 30 min");
        });
        axe(d, "alert");
    }

    @Test
    @Order(7)
    void thePatientPageChartsEveryReading_marksTheEvidence_andShowsTheDevice() {
        WebDriver d = a.driver;
        d.get(base + "/console/patients/" + FALLING);
        // four SpO2 readings were published for this patient; the alert rests on the 86 %
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            d.navigate().refresh();
            assertThat(d.findElements(By.cssSelector("#chart-spo2 svg circle.reading"))).hasSize(4);
        });
        assertThat(d.findElements(By.cssSelector("#chart-spo2 svg circle.reading.evidence"))).isNotEmpty();
        assertThat(d.findElements(By.cssSelector("#chart-spo2 svg line.threshold"))).hasSize(2);
        assertThat(d.findElement(By.id("devices")).getText()).contains("app-cb-falling").contains("14 %");
        axe(d, "patient");
        screenshot(d, "console-patient.png");
    }

    @Test
    @Order(8)
    void aThresholdEditIsVersionedAudited_andChangesTheNextFinding() {
        WebDriver d = a.driver;
        d.get(base + "/console/patients/" + STABLE + "/settings");
        axe(d, "settings");
        d.findElement(By.id("override-heart-rate-high")).click();
        WebElement moderate = d.findElement(By.id("band-heart-rate-high-0"));
        moderate.clear();
        moderate.sendKeys("95");
        d.findElement(By.id("reason")).sendKeys("resting tachycardia watch after medication change");
        d.findElement(By.id("save-settings")).click();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.findElement(By.id("saved-message"))
                .getText()).contains("version 1 saved"));
        assertThat(d.findElement(By.id("settings")).getText()).contains("heart-rate-high moderate >= 95");

        List<PatientThresholds> written = readAll(Topics.PATIENT_THRESHOLDS, t -> t.patientId().equals(STABLE));
        assertThat(written).singleElement().satisfies(t -> {
            assertThat(t.version()).isEqualTo(1);
            assertThat(t.setBy()).isEqualTo(NURSE_A);
            assertThat(t.thresholds()).singleElement().satisfies(o -> assertThat(o.ruleId())
                    .isEqualTo("heart-rate-high"));
        });
        assertThat(readAll(Topics.AUDIT, e -> STABLE.equals(e.subjectId())))
                .anySatisfy(e -> assertThat(e.action()).isEqualTo("patient.settings-changed"));
        await().atMost(Duration.ofSeconds(60)).until(() -> stack.processor().patientSettings(STABLE).isPresent());

        // 100 /min is under the default band (111) but over the personal one (95)
        d.get(base + "/console/");
        markPage(d);
        publish("app-cb-stable", List.of(item("heart-rate", "100", "/min", Instant.now().truncatedTo(ChronoUnit.SECONDS))));
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.findElement(By.cssSelector("#patient-" + STABLE))
                .getText()).contains("heart-rate-high").contains("personal limits, version 1"));
        assertThat(pageMarked(d)).isTrue();
        screenshot(d, "console-worklist.png");
    }

    @Test
    @Order(9)
    void everyPageWorksByKeyboardAlone() {
        WebDriver d = b.driver;
        d.get(base + "/console/");
        d.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement first = d.switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("Skip to content");
        first.sendKeys(Keys.ENTER);
        // tab to the first patient link and open it with Enter; a live refresh can replace the worklist (and the
        // focused link) in between, then focus starts again from the page and the tabbing is repeated
        await().atMost(LIVE).ignoreExceptions().until(() -> {
            WebElement focused = d.switchTo().activeElement();
            for (int i = 0; i < 60 && !isPatientLink(focused); i++) {
                new Actions(d).sendKeys(Keys.TAB).perform();
                focused = d.switchTo().activeElement();
            }
            assertThat(focused.getAttribute("href")).contains("/console/patients/");
            focused.sendKeys(Keys.ENTER);
            return true;
        });
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.getCurrentUrl()).contains("/console/patients/"));
        // sign out by keyboard
        WebElement signOut = d.findElement(By.cssSelector(".who button"));
        signOut.sendKeys(Keys.ENTER);
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.getCurrentUrl()).endsWith("/console/sign-in"));
        d.get(base + "/console/");
        assertThat(d.getCurrentUrl()).endsWith("/console/sign-in");
    }

    @Test
    @Order(10)
    void pagesCarryTheSecurityHeaders_andAChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(signIn.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(signIn.headers().firstValue("Cache-Control")).contains("no-store");
        // no inline script and no inline event handler: everything runs from files the CSP allows
        assertThat(signIn.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=");
        // every script the page loads is served from under /console (one ingress path exposes all of it)
        Matcher scripts = Pattern.compile("<script src=\"([^\"]+)\"")
                .matcher(signIn.body());
        List<String> sources = new ArrayList<>();
        while (scripts.find()) {
            sources.add(scripts.group(1));
        }
        assertThat(sources).hasSize(3).allSatisfy(src -> {
            assertThat(src).startsWith("/console/");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + src)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as(src).isEqualTo(200);
        });
        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        String session = a.driver.manage().getCookieNamed("rpm_console").getValue();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/console/patients/"
                        + STABLE + "/settings"))
                .header("Cookie", "rpm_console=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("baseVersion=1&reason=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(readAll(Topics.PATIENT_THRESHOLDS, t -> t.patientId().equals(STABLE))).hasSize(1);
    }

    @Test
    @Order(11)
    void resolvingWithAReasonRecordsItAndTakesThePatientOffTheWorklist() {
        WebDriver d = a.driver;
        d.get(base + "/console/");
        openFirstAlert(d, FALLING);
        String alertId = URI.create(d.getCurrentUrl()).getPath().substring("/console/alerts/".length());
        d.findElement(By.id("resolve-reason")).sendKeys("SpO2 back to 95 % on a new probe");
        d.findElement(By.id("resolve")).click();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(d.findElement(By.id("alert-state")).getText()).startsWith("resolved");
            assertThat(d.findElement(By.id("history")).getText()).contains("SpO2 back to 95 % on a new probe");
        });
        assertThat(d.findElements(By.id("resolve"))).as("a resolved alert offers no actions").isEmpty();
        assertThat(readAll(Topics.AUDIT, e -> alertId.equals(e.subjectId()))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("alert.note");
            assertThat(e.actor()).isEqualTo(NURSE_A);
            assertThat(e.detail()).isEqualTo("resolve: SpO2 back to 95 % on a new probe");
        });
        d.get(base + "/console/");
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.findElements(By.cssSelector(
                "#patient-" + FALLING + " .alert a[href='/console/alerts/" + alertId + "']"))).isEmpty());
    }

    // ---- helpers ----

    /** Opens the patient's first (most severe) alert from the live worklist. */
    private static void openFirstAlert(WebDriver d, String patient) {
        String[] href = new String[1];
        await().atMost(LIVE).ignoreExceptions().until(() -> {
            href[0] = d.findElement(By.cssSelector("#patient-" + patient + " .alert a.rule")).getAttribute("href");
            return href[0] != null;
        });
        d.get(href[0]);
    }

    private static boolean isPatientLink(WebElement element) {
        String href = element.getAttribute("href");
        return href != null && href.contains("/console/patients/");
    }

    private static void signIn(Browser browser, String token) {
        WebDriver d = browser.driver;
        d.get(base + "/console/sign-in");
        d.findElement(By.id("token")).sendKeys(token);
        d.findElement(By.id("sign-in")).click();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(d.getCurrentUrl()).endsWith("/console/"));
    }

    /** Marks the loaded document: the mark survives htmx swaps and is gone after any reload. */
    private static void markPage(WebDriver d) {
        ((JavascriptExecutor) d).executeScript("window.__rpmMark = 'kept';");
    }

    private static boolean pageMarked(WebDriver d) {
        return "kept".equals(((JavascriptExecutor) d).executeScript("return window.__rpmMark;"));
    }

    private static void axe(WebDriver d, String page) {
        assertThat(Axe.seriousViolations(d)).as("serious or critical accessibility violations on the %s page", page)
                .isEmpty();
        visited.add(page);
    }

    /** Saves a screenshot into the directory named by RPM_CONSOLE_SCREENSHOTS, when set (for the README). */
    private static void screenshot(WebDriver d, String name) {
        String dir = System.getenv("RPM_CONSOLE_SCREENSHOTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        org.openqa.selenium.Dimension size = d.manage().window().getSize();
        try {
            d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1700));
            Files.write(Path.of(dir, name), ((ChromeDriver) d).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            d.manage().window().setSize(size);
        }
    }

    private static <V> List<V> readAll(Topic<String, V> topic, java.util.function.Predicate<V> filter) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        V value = topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
                        if (filter.test(value)) {
                            out.add(value);
                        }
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return out;
    }

    private static void publish(String device, List<String> items) {
        send(MqttTopics.vitals(device), "[" + String.join(",", items) + "]");
    }

    private static void status(String device, String json) {
        send(MqttTopics.status(device), json);
    }

    private static void send(String topic, String payload) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("console-it-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(stack.mqttPort()).buildBlocking();
        client.connect();
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        } finally {
            client.disconnect();
        }
    }

    private static String item(String vital, String value, String unit, Instant at) {
        return "{\"vital\":\"" + vital + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\",\"measuredAt\":\"" + at
                + "\"}";
    }
}
