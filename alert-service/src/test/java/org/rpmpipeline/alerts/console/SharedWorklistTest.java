package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Severity;

class SharedWorklistTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
    private static final Pattern BUTTON = Pattern.compile("<button[^>]*>");

    private final MovableClock clock = new MovableClock(NOW);
    private final ConsoleState state = new ConsoleState(clock);
    private final PageModels models = new PageModels(state, CareTeams.single("nurse-a"), ThresholdRules.bundled(),
            VitalHistory.none(), clock, ZoneOffset.UTC);
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final SharedWorklist shared = new SharedWorklist(state::version, this::render, clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private String render(SharedWorklist.Key key, String csrf) {
        StringOutput out = new StringOutput();
        templates.render("console/worklist-items.jte",
                Map.of("view", models.worklist(key.filters(), key.myTeams(), key.canAct(), csrf)), out);
        return out.toString();
    }

    private void open(String alertId, String patientId, Severity severity) {
        state.apply(new Alert(Schema.VERSION, alertId, patientId, "spo2-low", severity, AlertState.OPEN,
                List.of("f-" + alertId), new BigDecimal("86"), "Oxygen saturation low", NOW.minusSeconds(60),
                clock.instant(), "system"));
    }

    @Test
    void fiftyConsolesWithTheSameViewAfterOneChangeCostOneRenderingAndEachGetsItsOwnToken() {
        open("a-1", "patient-1", Severity.HIGH);
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pages.add(shared.html(Worklist.Filters.none(), Set.of("team-" + i), true, "token-" + i));
        }

        assertThat(shared.renders()).isEqualTo(1);
        for (int i = 0; i < 50; i++) {
            assertThat(pages.get(i)).contains("id=\"alert-a-1\"").contains("value=\"token-" + i + "\"")
                    .doesNotContain("csrf-slot-");
            assertThat(csrfValues(pages.get(i))).containsOnly("token-" + i);
        }
    }

    @Test
    void consolesAskingAtTheSameTimeWaitForTheOneRendering() throws Exception {
        open("a-1", "patient-1", Severity.HIGH);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> pages = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String token = "token-" + i;
            pages.add(pool.submit(() -> {
                start.await();
                return shared.html(Worklist.Filters.none(), Set.of(), true, token);
            }));
        }
        start.countDown();
        for (int i = 0; i < pages.size(); i++) {
            assertThat(csrfValues(pages.get(i).get())).containsOnly("token-" + i);
        }

        assertThat(shared.renders()).isEqualTo(1);
    }

    @Test
    void aChangeIsRenderedOnceForTheNextFetchesAndTheyShowIt() {
        open("a-1", "patient-1", Severity.HIGH);
        shared.html(Worklist.Filters.none(), Set.of(), true, "t1");
        open("a-2", "patient-2", Severity.CRITICAL);

        String first = shared.html(Worklist.Filters.none(), Set.of(), true, "t1");
        String second = shared.html(Worklist.Filters.none(), Set.of(), true, "t2");

        assertThat(shared.renders()).isEqualTo(2);
        assertThat(first).contains("id=\"alert-a-2\"").contains("id=\"alert-a-1\"");
        assertThat(second).contains("id=\"alert-a-2\"");
    }

    @Test
    void aViewerIsNeverServedAClinicianRenderingWithEnabledButtons() {
        open("a-1", "patient-1", Severity.HIGH);
        String clinician = shared.html(Worklist.Filters.none(), Set.of(), true, "t-clinician");
        String viewer = shared.html(Worklist.Filters.none(), Set.of(), false, "t-viewer");

        assertThat(shared.renders()).isEqualTo(2);
        assertThat(buttons(clinician)).singleElement().satisfies(b -> assertThat(b).doesNotContain("disabled"));
        assertThat(buttons(viewer)).isNotEmpty().allSatisfy(b -> assertThat(b).contains("disabled"));
        // the other way round too: a clinician asking after a viewer gets enabled buttons
        assertThat(buttons(shared.html(Worklist.Filters.none(), Set.of(), true, "t-2")))
                .singleElement().satisfies(b -> assertThat(b).doesNotContain("disabled"));
    }

    @Test
    void differentFiltersAreRenderedApart() {
        open("a-1", "patient-1", Severity.MODERATE);
        open("a-2", "patient-2", Severity.CRITICAL);

        String all = shared.html(Worklist.Filters.none(), Set.of(), true, "t");
        String critical = shared.html(Worklist.Filters.parse("", "critical", null), Set.of(), true, "t");

        assertThat(shared.renders()).isEqualTo(2);
        assertThat(all).contains("id=\"alert-a-1\"").contains("id=\"alert-a-2\"");
        assertThat(critical).contains("id=\"alert-a-2\"").doesNotContain("id=\"alert-a-1\"");
    }

    @Test
    void myTeamsIsSharedOnlyBySessionsInTheSameTeams() {
        open("a-1", "patient-1", Severity.HIGH);
        Worklist.Filters mine = Worklist.Filters.parse("mine", null, null);

        String inTeam = shared.html(mine, Set.of("default"), true, "t1");
        String alsoInTeam = shared.html(mine, Set.of("default"), true, "t2");
        String elsewhere = shared.html(mine, Set.of("night"), true, "t3");

        assertThat(shared.renders()).isEqualTo(2);
        assertThat(inTeam).contains("id=\"alert-a-1\"");
        assertThat(alsoInTeam).contains("id=\"alert-a-1\"");
        assertThat(elsewhere).doesNotContain("id=\"alert-a-1\"").contains("id=\"worklist-empty\"");
    }

    @Test
    void aRenderingIsReusedOnlyWhileItsTimesAreFresh() {
        open("a-1", "patient-1", Severity.HIGH);
        shared.html(Worklist.Filters.none(), Set.of(), true, "t");
        clock.advance(SharedWorklist.MAX_AGE);
        shared.html(Worklist.Filters.none(), Set.of(), true, "t");
        assertThat(shared.renders()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        String later = shared.html(Worklist.Filters.none(), Set.of(), true, "t");

        assertThat(shared.renders()).isEqualTo(2);
        assertThat(later).contains("updated 10:00:02");
    }

    @Test
    void heldRenderingsAreBounded() {
        open("a-1", "patient-1", Severity.HIGH);
        for (int i = 0; i < SharedWorklist.MAX_ENTRIES * 3; i++) {
            shared.html(Worklist.Filters.parse("team-" + i, null, null), Set.of(), true, "t");
            assertThat(shared.held()).isLessThanOrEqualTo(SharedWorklist.MAX_ENTRIES);
        }
        assertThat(shared.renders()).isEqualTo(SharedWorklist.MAX_ENTRIES * 3L);
    }

    @Test
    void aFailedRenderingIsNotKeptAndTheNextAskRendersAgain() {
        AtomicBoolean fail = new AtomicBoolean(true);
        SharedWorklist flaky = new SharedWorklist(state::version, (key, csrf) -> {
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("template failed");
            }
            return render(key, csrf);
        }, clock);
        open("a-1", "patient-1", Severity.HIGH);

        assertThatThrownBy(() -> flaky.html(Worklist.Filters.none(), Set.of(), true, "t"))
                .isInstanceOf(IllegalStateException.class).hasMessage("template failed");
        assertThat(flaky.html(Worklist.Filters.none(), Set.of(), true, "t")).contains("id=\"alert-a-1\"");
        assertThat(flaky.renders()).isEqualTo(2);
    }

    @Test
    void aTokenThatIsNotUrlSafeBase64IsRefusedRatherThanWrittenIntoTheAttribute() {
        open("a-1", "patient-1", Severity.HIGH);

        assertThatThrownBy(() -> shared.html(Worklist.Filters.none(), Set.of(), true, "x\"><b>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(csrfValues(shared.html(Worklist.Filters.none(), Set.of(), true, Sessions.randomToken())))
                .singleElement().satisfies(t -> assertThat(t).matches("[A-Za-z0-9_-]+"));
    }

    private static List<String> buttons(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = BUTTON.matcher(html);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static List<String> csrfValues(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).as("CSRF fields").isNotEmpty();
        return found;
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
