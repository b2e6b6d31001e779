package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.vital.VitalType;

class PageModelsTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    private static final String PATIENT = "patient-1";

    private final ConsoleState state = new ConsoleState(Clock.fixed(NOW, ZoneOffset.UTC));
    private final VitalHistory vitals = (patientId, from, to, limit) -> List.of(
            new VitalHistory.Point(VitalType.SPO2, NOW.minusSeconds(600), new BigDecimal("95")),
            new VitalHistory.Point(VitalType.SPO2, NOW.minusSeconds(60), new BigDecimal("86")),
            new VitalHistory.Point(VitalType.HEART_RATE, NOW.minusSeconds(60), new BigDecimal("118")));
    private final PageModels models = new PageModels(state, CareTeams.single("ward"), ThresholdRules.bundled(), vitals,
            Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

    @Test
    void thePatientPageBringsTogetherAlertsNews2TrendsDevicesAdherenceAndSettings() {
        Evidence low = new Evidence("r-2", VitalType.SPO2, new BigDecimal("86"), "%", NOW.minusSeconds(60));
        state.applyFinding(new Finding(Schema.VERSION, "f-1", "spo2-low", 1, Severity.CRITICAL, FindingStatus.ACTIVE,
                PATIENT, List.of("ox-1"), NOW.minusSeconds(60), NOW.minusSeconds(60), List.of(low),
                new BigDecimal("86"), "Oxygen saturation low", NOW, false, Map.of()));
        state.applyFinding(new Finding(Schema.VERSION, "f-2", "news2", 1, Severity.MODERATE, FindingStatus.ACTIVE,
                PATIENT, List.of("ox-1"), NOW.minusSeconds(60), NOW.minusSeconds(60), List.of(low),
                new BigDecimal("3"), "NEWS2", NOW, false, Map.of("trigger", "RED_SCORE", "measured", "spo2",
                        "score.spo2", "3", "missing", "consciousness,pulse", "lowerBound", "true", "parameters",
                        "1 of 7")));
        state.apply(new Alert(Schema.VERSION, "a-1", PATIENT, "spo2-low", Severity.CRITICAL, AlertState.OPEN,
                List.of("f-1"), new BigDecimal("86"), "Oxygen saturation low", NOW.minusSeconds(60), NOW, "system"));
        state.applyAudit(new AuditEvent(Schema.VERSION, "e-1", NOW, "nurse-a", "alert.note", "alert", "a-1", "called"));
        state.applyBinding("ox-1", DeviceBinding.of("ox-1", PATIENT));
        state.applyBinding("bp-1", DeviceBinding.of("bp-1", PATIENT));
        state.applyDeviceStatus("ox-1", new DeviceStatus(Schema.VERSION, "ox-1", "hub-1", true, 14, null, null, NOW,
                NOW));
        state.applyDeviceStatus("hub-1", new DeviceStatus(Schema.VERSION, "hub-1", null, false, null, null, null,
                NOW, NOW));
        state.applyAdherence(new AdherenceRecord(Schema.VERSION, "ad-1", PATIENT, "adherence",
                LocalDate.parse("2026-03-14"), 30, 9, 16, LocalDate.parse("2026-03-01"), 9, 14, NOW));

        Pages.PatientPage page = models.patient(PATIENT, "24h", true, null);

        assertThat(page.unresolved()).singleElement().satisfies(a -> assertThat(a.triggering()).isEqualTo("SpO₂ 86 %"));
        assertThat(page.news2()).hasValueSatisfying(n -> {
            assertThat(n.aggregate()).isEqualTo(3);
            assertThat(n.missing()).containsExactly("Consciousness", "Pulse");
        });
        assertThat(page.charts()).extracting(TrendChart.Chart::id).containsExactly("chart-spo2", "chart-heart-rate");
        assertThat(page.charts().get(0).evidenceCount()).isEqualTo(1);
        assertThat(page.devices()).extracting(Pages.DeviceRow::deviceId, Pages.DeviceRow::battery,
                Pages.DeviceRow::online).containsExactly(org.assertj.core.groups.Tuple.tuple("bp-1", "not reported",
                        "not reported"), org.assertj.core.groups.Tuple.tuple("ox-1", "14 %", "hub offline"));
        assertThat(page.adherence()).hasValueSatisfying(a -> {
            assertThat(a.readingDays()).isEqualTo(9);
            assertThat(a.reachable()).isFalse();
        });
        Pages.AlertPage alert = models.alert(state.alert("a-1").orElseThrow(), true, null, false, "csrf");
        assertThat(alert.history()).singleElement().satisfies(h -> assertThat(h.detail()).isEqualTo("called"));
        assertThat(alert.evidence()).containsExactly("SpO₂ 86 % at 2026-03-15 09:59");

        Pages.Page frame = new Pages.Page("Patient", java.util.Optional.of(new Pages.Viewer("nurse-a", "clinician",
                true, false)), "csrf");
        String html = render("console/patient.jte", frame, page);
        assertThat(html).contains("id=\"chart-spo2\"").contains("SpO₂ 86 % at 2026-03-15 09:59 (alert evidence)")
                .contains("hub offline").doesNotContain("<script>");
        assertThat(render("console/alert.jte", frame, alert)).contains("called").contains("name=\"_csrf\"");
        assertThat(render("console/settings.jte", frame, models.settings(PATIENT, null, null, "csrf")))
                .contains("band.spo2-low.0");
        assertThat(render("console/worklist.jte", frame, models.worklist(Worklist.Filters.none(), "nurse-a", true,
                "csrf"))).contains("id=\"patient-patient-1\"").contains("sse-connect");
    }

    static String render(String template, Pages.Page frame, Object view) {
        gg.jte.output.StringOutput out = new gg.jte.output.StringOutput();
        gg.jte.TemplateEngine.createPrecompiled(gg.jte.ContentType.Html).render(template,
                Map.of("page", frame, "view", view), out);
        return out.toString();
    }

    @Test
    void theWorklistShowsTheMostAcutePatientsFirst_andTheRestAShowMoreLinkAway() {
        for (int i = 0; i < 120; i++) { // 120 patients; every tenth critical, the rest moderate
            Severity severity = i % 10 == 0 ? Severity.CRITICAL : Severity.MODERATE;
            state.apply(new Alert(Schema.VERSION, "a-" + i, "p-" + i, "spo2-low", severity, AlertState.OPEN,
                    List.of("f-" + i), new BigDecimal("88"), "low", NOW.minusSeconds(1_000 - i), NOW, "system"));
        }

        Pages.WorklistPage first = models.worklist(Worklist.Filters.none(), "nurse-a", true, "csrf");
        Pages.WorklistPage second = models.worklist(Worklist.Filters.parse(null, null, null, "100"), "nurse-a", true,
                "csrf");
        Pages.WorklistPage all = models.worklist(Worklist.Filters.parse(null, null, null, "150"), "nurse-a", true,
                "csrf");

        assertThat(first.rows()).hasSize(Worklist.Filters.PAGE);
        assertThat(first.patientCount()).isEqualTo(120);
        assertThat(first.alertCount()).isEqualTo(120);
        assertThat(first.partial()).isTrue();
        // the twelve critical patients lead, then the moderate ones by how long they have waited
        assertThat(first.rows().subList(0, 12)).allMatch(r -> r.top() == Severity.CRITICAL);
        assertThat(first.rows().get(12).patientId()).isEqualTo("p-1");
        assertThat(first.moreUrl()).isEqualTo("/console/?shown=100");
        assertThat(first.itemsUrl()).isEqualTo("/console/worklist/items");
        assertThat(second.rows()).hasSize(100).startsWith(first.rows().toArray(Worklist.PatientRow[]::new));
        assertThat(second.itemsUrl()).isEqualTo("/console/worklist/items?shown=100"); // live refresh keeps the page
        assertThat(second.moreUrl()).isEqualTo("/console/?shown=150");
        assertThat(all.rows()).hasSize(120);
        assertThat(all.partial()).isFalse();
        assertThat(all.moreUrl()).isNull();
    }

    @Test
    void howManyPatientsAQueryCanAskFor_isBounded() {
        assertThat(Worklist.Filters.parse(null, null, null, "999999999").shown()).isEqualTo(Worklist.Filters.MAX_SHOWN);
        assertThat(Worklist.Filters.parse(null, null, null, "0").shown()).isEqualTo(1);
        assertThat(Worklist.Filters.parse(null, null, null, "-5").shown()).isEqualTo(Worklist.Filters.PAGE);
        assertThat(Worklist.Filters.parse(null, null, null, "12abc").shown()).isEqualTo(Worklist.Filters.PAGE);
        assertThat(Worklist.Filters.parse("ward", "high", "true", "75").query())
                .isEqualTo("team=ward&severity=high&unacknowledged=true&shown=75");
    }

    @Test
    void aPatientWithNothingKnownStillHasAPage() {
        Pages.PatientPage page = new PageModels(state, CareTeams.single("ward"), ThresholdRules.bundled(),
                VitalHistory.none(), Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC)
                .patient("patient-unknown", "30d", false, null);
        assertThat(page.charts()).isEmpty();
        assertThat(page.news2()).isEmpty();
        assertThat(page.devices()).isEmpty();
        assertThat(models.settings("patient-unknown", null, null, "csrf").rules()).isNotEmpty();
    }
}
