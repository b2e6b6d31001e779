package org.rpmpipeline.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpmpipeline.alerts.AlertConfig;
import org.rpmpipeline.backtest.input.RulesFile;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.json.Json;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.embedded.EmbeddedKafka;
import org.rpmpipeline.processor.Processor;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.history.HistoryReadings;
import org.rpmpipeline.sim.history.HistoryWriter;
import org.rpmpipeline.sim.patient.VirtualPatient;
import org.rpmpipeline.sim.scenario.Cohort;
import org.rpmpipeline.sim.scenario.Scenario;
import org.rpmpipeline.sim.scenario.ScenarioOptions;
import org.rpmpipeline.sim.scenario.Scenarios;
import picocli.CommandLine;

/**
 * The backtest on the embedded stack: a simulated cohort's 30 hours of history is published to
 * {@code rpm.readings}, the live stream processor and alert service process it, then {@code backtest} replays it.
 * The live topics are the same before and after, the baseline's counts equal what the live services produced from
 * the same history, two runs write identical reports, the live rules against themselves show no difference, and
 * a candidate with a lower SpO2 threshold lists the alerts it would not have raised.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestIT {
    private static final Duration HISTORY = Duration.ofHours(30);
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String PATIENT = "patient-00003";

    private EmbeddedKafka kafka;
    private KafkaCounts counts;
    private Instant start;
    private Instant now;
    private Path baselineRules;
    private Path candidateRules;
    private long liveFindings;
    private long liveAlerts;
    private long liveNotifications;

    @TempDir
    Path dir;

    @BeforeAll
    void historyAndLiveServices(@TempDir Path setup) throws Exception {
        kafka = EmbeddedKafka.start();
        counts = new KafkaCounts(kafka.bootstrapServers());
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        start = now.minus(HISTORY).minus(HistoryReadings.RELAY_DELAY).minusSeconds(1);
        // NEWS2 check-ins (consciousness, breathing rate, oxygen flow) come with the confusion and home-oxygen
        // profiles
        Scenario scenario = Scenarios.named(Scenarios.COHORT, new ScenarioOptions(7, HISTORY, 24,
                Cohort.parseMix("deteriorating:0.25,hypertension:0.2,diabetes:0.2,confusion:0.1,home-oxygen:0.1"),
                Cadence.REALISTIC, 0));
        String onOxygen = scenario.patients().stream().filter(p -> p.profile().equals("home-oxygen"))
                .map(VirtualPatient::patientId).filter(p -> !p.equals(PATIENT)).findFirst().orElseThrow();
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Topics.READINGS.keySerde().serializer(), Topics.READINGS.valueSerde().serializer());
                KafkaProducer<String, PatientThresholds> thresholds = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        Topics.PATIENT_THRESHOLDS.keySerde().serializer(),
                        Topics.PATIENT_THRESHOLDS.valueSerde().serializer())) {
            // one patient has a personal systolic limit, in force from the start of the history
            thresholds.send(new ProducerRecord<>(Topics.PATIENT_THRESHOLDS.name(), null, start.toEpochMilli(), PATIENT,
                    new PatientThresholds(Schema.VERSION, PATIENT, 1, start, null, List.of(new ThresholdOverride(
                            "systolic-bp-high", List.of(new BandOverride(Severity.HIGH, ">", new java.math.BigDecimal(150))))),
                            "clinician-1", "personal limit", null))).get();
            // a home-oxygen patient's prescription (NEWS2 scores "on oxygen" without a fresh flow reading),
            // published an hour into the history and in force an hour later
            Instant published = start.plus(Duration.ofHours(1));
            thresholds.send(new ProducerRecord<>(Topics.PATIENT_THRESHOLDS.name(), null, published.toEpochMilli(),
                    onOxygen, new PatientThresholds(Schema.VERSION, onOxygen, 1, published.plus(Duration.ofHours(1)),
                            null, List.of(), "clinician-1", "home oxygen", new java.math.BigDecimal(2)))).get();
            HistoryWriter.write(scenario, HISTORY, start, producer);
        }
        baselineRules = setup.resolve("baseline.yaml");
        String yaml = BundledRules.yaml();
        Files.writeString(baselineRules, yaml);
        // spo2-low: high at <= 85 instead of <= 92, critical below 80 instead of 88
        String candidate = yaml.replaceFirst("operator: \"<=\"\n        value: 92", "operator: \"<=\"\n        value: 85")
                .replaceFirst("operator: \"<\"\n        value: 88", "operator: \"<\"\n        value: 80");
        assertThat(candidate).isNotEqualTo(yaml);
        assertThat(candidate.split("value: 8[05]\n", -1)).hasSize(3);
        candidateRules = Files.writeString(setup.resolve("candidate.yaml"), candidate);
        runLiveServices(setup);
    }

    /** The processor and the alert service work through the history, then stop. */
    private void runLiveServices(Path setup) throws Exception {
        Settings settings = Settings.of(Map.of(
                "rpm.kafka.bootstrap-servers", kafka.bootstrapServers(),
                ProcessorConfig.STATE_DIR, setup.resolve("processor").toString(),
                ProcessorConfig.HTTP_PORT, "-1",
                AlertConfig.HTTP_PORT, "-1"));
        long readings = counts.endOffsets(Topics.READINGS.name());
        try (Processor processor = Processor.create(ProcessorConfig.from(settings));
                AlertService alerts = new AlertService(AlertConfig.from(settings), Clock.systemUTC())) {
            processor.start();
            alerts.start();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                    counts.committed(ProcessorConfig.DEFAULT_APPLICATION_ID, Topics.READINGS.name()) >= readings);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                    counts.consumedAll("rpm-alert-service-findings", Topics.FINDINGS.name()));
        }
        liveFindings = counts.records(Topics.FINDINGS.name(),
                b -> Topics.FINDINGS.valueSerde().deserializer().deserialize(Topics.FINDINGS.name(), b)).size();
        List<Alert> alerts = counts.records(Topics.ALERTS.name(),
                b -> Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), b));
        liveAlerts = alerts.stream().map(Alert::alertId).distinct().count();
        liveNotifications = counts.records(Topics.NOTIFICATIONS.name(), b -> b).size();
        assertThat(alerts).anyMatch(a -> a.state() == AlertState.OPEN || a.state() == AlertState.RESOLVED);
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void replaysWithoutTouchingTheLiveTopicsAndMatchesWhatTheLiveServicesDid() throws Exception {
        Map<String, Long> before = liveTopicState();

        Run run = backtest("--rules", candidateRules.toString(), "--baseline", baselineRules.toString(),
                "--out", dir.resolve("report").toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(liveTopicState()).isEqualTo(before);
        JsonNode report = Json.mapper().readTree(dir.resolve("report/backtest.json").toFile());
        JsonNode baseline = report.at("/totals/baseline");
        assertThat(baseline.get("findings").asLong()).isEqualTo(liveFindings).isPositive();
        assertThat(baseline.get("alerts").asLong()).isEqualTo(liveAlerts).isPositive();
        assertThat(baseline.get("notifications").asLong()).isEqualTo(liveNotifications);
        assertThat(report.at("/input/readings").asLong()).isEqualTo(counts.endOffsets(Topics.READINGS.name()));
        assertThat(report.at("/input/patients").asInt()).isEqualTo(24);
        assertThat(report.at("/input/patientThresholdRecords").asInt()).isEqualTo(2);
        assertThat(rule(report, "news2").at("/baseline/findings").asLong()).isPositive();
        assertThat(run.out).contains("alerts the candidate would NOT have raised").contains("backtest.html");
    }

    @Test
    void listsTheAlertsARaisedSpo2ThresholdWouldNotHaveRaisedInEveryReport() throws Exception {
        Run run = backtest("--rules", candidateRules.toString(), "--baseline", baselineRules.toString(),
                "--out", dir.resolve("lower").toString());

        assertThat(run.exit).as(run.err).isZero();
        JsonNode report = Json.mapper().readTree(dir.resolve("lower/backtest.json").toFile());
        JsonNode notRaised = report.get("notRaisedByCandidate");
        assertThat(notRaised.size()).isPositive();
        Set<String> patients = new HashSet<>();
        notRaised.forEach(alert -> {
            assertThat(alert.get("ruleId").asText()).isEqualTo("spo2-low");
            patients.add(alert.get("patientId").asText());
        });
        assertThat(report.get("raisedOnlyByCandidate").size()).isZero();
        assertThat(report.get("identical").asBoolean()).isFalse();
        JsonNode spo2 = rule(report, "spo2-low");
        assertThat(spo2.at("/candidate/alerts").asLong()).isLessThan(spo2.at("/baseline/alerts").asLong());
        assertThat(sum(spo2.at("/baseline/alertsPerDay"))).isEqualTo(spo2.at("/baseline/alerts").asLong());

        String html = Files.readString(dir.resolve("lower/backtest.html"), StandardCharsets.UTF_8);
        int rules = report.at("/baseline/ruleIds").size();
        assertThat(count(html, "<svg ")).isEqualTo(rules
                + (report.at("/timeToFirstAlert/caughtByBoth").asInt() > 0 ? 1 : 0));
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://").doesNotContain("https://");
        patients.forEach(p -> assertThat(html).contains("<td>" + p + "</td>"));
        assertThat(html).contains("Alerts the candidate would not have raised (" + notRaised.size() + ")");
        // opaque patient ids only: no device ids, hub ids or vital values' summaries
        assertThat(html).doesNotContainPattern("(ox|hr|bp|temp|glu|hub)-\\d{5}").doesNotContain("SpO2 8");
        assertThat(run.out).contains("spo2-low").contains(notRaised.get(0).get("patientId").asText());
    }

    @Test
    void twoRunsOverTheSameHistoryWriteIdenticalReportsEvenInAnotherJvm() throws Exception {
        Run first = backtest(Map.of(BacktestConfig.THREADS, "3"), "--rules", candidateRules.toString(), "--baseline", baselineRules.toString(),
                "--out", dir.resolve("first").toString());
        // the second run in a JVM of its own (hash seeds and identity hashes differ) and with all patients in one
        // shard: the report must not differ
        Path log = dir.resolve("second.log");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), BacktestMain.class.getName(),
                "--rules", candidateRules.toString(), "--baseline", baselineRules.toString(),
                "--from", start.minusSeconds(60).toString(), "--to", now.toString(), "--warm-up", "0s",
                "--out", dir.resolve("second").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().keySet().removeIf(k -> k.startsWith("RPM_"));
        child.environment().put("RPM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        child.environment().put("RPM_BACKTEST_STATE_DIR", dir.resolve("state-second").toString());
        child.environment().put("RPM_BACKTEST_THREADS", "1");
        Process second = child.start();
        second.getOutputStream().close();
        assertThat(second.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("second run finished").isTrue();

        assertThat(first.exit).as(first.err).isZero();
        assertThat(second.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(dir.resolve("second/backtest.json")))
                .isEqualTo(Files.readString(dir.resolve("first/backtest.json")));
        assertThat(Files.readString(dir.resolve("second/backtest.html")))
                .isEqualTo(Files.readString(dir.resolve("first/backtest.html")));
    }

    @Test
    void theLiveRulesAgainstThemselvesShowNoDifference() throws Exception {
        // every candidate rule runs as a copy of its own, not shared with the baseline's
        Run run = backtest(Map.of(BacktestConfig.SHARE_IDENTICAL_RULES, "false"),
                "--rules", baselineRules.toString(), "--out", dir.resolve("self").toString());

        assertThat(run.exit).as(run.err).isZero();
        JsonNode report = Json.mapper().readTree(dir.resolve("self/backtest.json").toFile());
        assertThat(report.get("identical").asBoolean()).isTrue();
        assertThat(report.get("notRaisedByCandidate").size()).isZero();
        assertThat(report.get("raisedOnlyByCandidate").size()).isZero();
        assertThat(report.at("/totals/candidate")).isEqualTo(report.at("/totals/baseline"));
        assertThat(report.at("/totals/baseline/alerts").asLong()).isPositive();
        assertThat(report.at("/baseline/file").asText()).isEqualTo(RulesFile.BUNDLED_NAME);
        // the bundled rules are named by the file they come from: the whole clinical reference (NEWS2 chart included)
        assertThat(report.at("/baseline/sha256").asText()).isEqualTo(sha256(BundledRules.reference()));
        assertThat(report.at("/candidate/sha256").asText()).isEqualTo(sha256(Files.readString(baselineRules)));
        assertThat(report.at("/candidate/ruleIds")).isEqualTo(report.at("/baseline/ruleIds"));
        assertThat(run.out).contains("no difference");
    }

    @Test
    void onlyThePatientsOfAPatientFileAreReplayed() throws Exception {
        Path file = Files.writeString(dir.resolve("patients.txt"), "# review list\n" + PATIENT + "\n\n");

        Run run = backtest("--rules", candidateRules.toString(), "--patients", file.toString(),
                "--out", dir.resolve("one").toString());

        assertThat(run.exit).as(run.err).isZero();
        JsonNode report = Json.mapper().readTree(dir.resolve("one/backtest.json").toFile());
        assertThat(report.at("/input/patients").asInt()).isEqualTo(1);
        assertThat(report.at("/input/patientFilter").asInt()).isEqualTo(1);
        assertThat(report.at("/input/patientThresholdRecords").asInt()).isEqualTo(1);
        report.get("notRaisedByCandidate").forEach(a -> assertThat(a.get("patientId").asText()).isEqualTo(PATIENT));
    }

    private Map<String, Long> liveTopicState() throws Exception {
        return Map.of(
                "findings end", counts.endOffsets(Topics.FINDINGS.name()),
                "findings", (long) counts.records(Topics.FINDINGS.name(), b -> b).size(),
                "alerts end", counts.endOffsets(Topics.ALERTS.name()),
                "alerts", (long) counts.records(Topics.ALERTS.name(), b -> b).size(),
                "notifications end", counts.endOffsets(Topics.NOTIFICATIONS.name()),
                "notifications", (long) counts.records(Topics.NOTIFICATIONS.name(), b -> b).size(),
                "readings end", counts.endOffsets(Topics.READINGS.name()));
    }

    private record Run(int exit, String out, String err) {
    }

    private Run backtest(String... args) {
        return backtest(Map.of(), args);
    }

    /** {@code backtest} over the whole history (from a minute before it, no warm-up), as the CLI runs it. */
    private Run backtest(Map<String, String> settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("rpm.kafka.bootstrap-servers", kafka.bootstrapServers());
        all.put(BacktestConfig.STATE_DIR, dir.resolve("state").toString());
        CommandLine cli = new CommandLine(new BacktestMain(Settings.of(all), Clock.fixed(now, ZoneOffset.UTC)));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] argv = new String[args.length + 4];
        System.arraycopy(args, 0, argv, 0, args.length);
        argv[args.length] = "--from";
        argv[args.length + 1] = start.minusSeconds(60).toString();
        argv[args.length + 2] = "--warm-up";
        argv[args.length + 3] = "0s";
        int exit = cli.execute(argv);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode rule(JsonNode report, String id) {
        for (JsonNode row : report.get("rules")) {
            if (row.get("ruleId").asText().equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no rule " + id);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long sum(JsonNode array) {
        long total = 0;
        for (JsonNode n : array) {
            total += n.asLong();
        }
        return total;
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
