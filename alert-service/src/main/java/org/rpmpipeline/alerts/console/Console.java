package org.rpmpipeline.alerts.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.rpmpipeline.alerts.http.AlertApi;
import org.rpmpipeline.alerts.http.ApiAccess;
import org.rpmpipeline.alerts.http.Principal;
import org.rpmpipeline.alerts.http.Role;
import org.rpmpipeline.alerts.intake.Publisher;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.config.Settings;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.http.HttpServer;
import org.tinylog.Logger;

/**
 * The care-team console, served under {@code /console} on the alert service's HTTP port: sign-in with an API token,
 * the live worklist, alert pages with acknowledge / snooze / resolve / note, patient pages with trends, NEWS2,
 * devices and adherence, and the per-patient settings editor. Pages are rendered on the server (jte templates,
 * escaped by context); the browser runs htmx and its SSE extension from WebJars in this jar, nothing else, and
 * no inline script (the content security policy forbids it). See the module README, "Care-team console".
 */
public final class Console implements AutoCloseable {
    /** Where the console is served. */
    public static final String PATH = "/console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TEXT = 500;

    private final ConsoleSettings settings;
    private final AlertApi api;
    private final Publisher publisher;
    private final Clock clock;
    private final ConsoleState state;
    private final Sessions sessions;
    private final ConsoleAuth auth;
    private final ConsoleFeed feed;
    private final LiveUpdates live;
    private final PageModels models;
    private final SharedWorklist sharedWorklist;
    private final ThresholdRules rules = ThresholdRules.bundled();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final BacktestJobs backtests;

    /**
     * @param access who may sign in: the API's tokens (and anonymous viewers when it allows anonymous reads)
     * @param publisher writes the console's own records: settings versions and patient audit records
     * @param consumerConfig Kafka consumer settings (bootstrap servers and pass-through client settings)
     */
    public Console(ConsoleSettings settings, ApiAccess access, AlertApi api, CareTeams teams, Publisher publisher,
            VitalHistory vitals, Map<String, Object> consumerConfig, Clock clock) {
        this(settings, access, api, teams, publisher, vitals, consumerConfig, clock, Optional.empty());
    }

    /** A console whose admins may run rule backtests with {@code backtests} (none: the page says it is missing). */
    public Console(ConsoleSettings settings, ApiAccess access, AlertApi api, CareTeams teams, Publisher publisher,
            VitalHistory vitals, Map<String, Object> consumerConfig, Clock clock, Optional<BacktestRunner> backtests) {
        this.settings = settings;
        this.api = api;
        this.publisher = publisher;
        this.clock = clock;
        this.state = new ConsoleState(clock);
        this.sessions = new Sessions(clock, settings.sessionIdleTimeout(), settings.sessionMaxAge(),
                settings.maxSessions());
        this.auth = new ConsoleAuth(sessions, access, new SignInThrottle(clock), settings.secureCookie());
        this.live = new LiveUpdates(state::version, sessions::alive, settings.maxLiveClients());
        this.feed = new ConsoleFeed(state, consumerConfig, clock, settings.findingsLookback(),
                settings.historyLookback(), live::changed);
        this.models = new PageModels(state, teams, rules, vitals, clock, settings.zone());
        this.sharedWorklist = new SharedWorklist(state::version, this::renderItems, clock);
        this.backtests = new BacktestJobs(backtests, clock);
    }

    /** Starts reading Kafka. */
    public void start() {
        feed.start();
    }

    /** True once the console has read what was on its topics at start. */
    public boolean caughtUp() {
        return feed.caughtUp();
    }

    public ConsoleState state() {
        return state;
    }

    /** Renderings of the worklist's live part made so far (shared by the consoles that ask for the same view). */
    public long worklistRenders() {
        return sharedWorklist.renders();
    }

    /** Open live-update streams. */
    public int liveClients() {
        return live.clients();
    }

    /** Adds the console's routes and static files to the HTTP server being configured. */
    public void routes(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = PATH + "/assets";
            files.directory = "/console/assets";
            files.location = Location.CLASSPATH;
        });
        // the WebJars under the console's own path, so an ingress exposes the console with one prefix
        config.staticFiles.add(files -> {
            files.hostedPath = PATH + "/webjars";
            files.directory = "/META-INF/resources/webjars";
            files.location = Location.CLASSPATH;
        });
        var routes = config.routes;
        routes.before(PATH + "*", Console::securityHeaders);
        routes.before("/", Console::securityHeaders);
        routes.get("/", ctx -> ctx.redirect(PATH + "/", io.javalin.http.HttpStatus.SEE_OTHER));
        routes.get(PATH + "/sign-in", page(this::signInPage));
        routes.post(PATH + "/sign-in", page(this::signIn));
        routes.post(PATH + "/sign-out", page(ctx -> {
            auth.signOut(ctx, auth.forChange(ctx));
            ctx.redirect(PATH + "/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
        }));
        routes.get(PATH + "/", page(this::worklist));
        routes.get(PATH + "/worklist/items", page(this::worklistItems));
        // a stream without a session is refused before it opens (an EventSource does not retry a 401)
        routes.before(PATH + "/events", ctx -> {
            if (auth.session(ctx).isEmpty()) {
                throw new io.javalin.http.UnauthorizedResponse("sign in first");
            }
        });
        routes.sse(PATH + "/events", client -> auth.session(client.ctx()).ifPresentOrElse(
                session -> live.join(client, session.id()), client::close));
        routes.get(PATH + "/alerts/{id}", page(this::alertPage));
        routes.get(PATH + "/alerts/{id}/history", page(this::alertHistory));
        routes.post(PATH + "/alerts/{id}/acknowledge", page(ctx -> act(ctx, "acknowledge")));
        routes.post(PATH + "/alerts/{id}/resolve", page(ctx -> act(ctx, "resolve")));
        routes.post(PATH + "/alerts/{id}/snooze", page(ctx -> act(ctx, "snooze")));
        routes.post(PATH + "/alerts/{id}/note", page(ctx -> act(ctx, "note")));
        routes.get(PATH + "/patients/{id}", page(this::patientPage));
        routes.get(PATH + "/patients/{id}/settings", page(this::settingsPage));
        routes.post(PATH + "/patients/{id}/settings", page(this::saveSettings));
        // admins only: rule backtests (see BacktestPages)
        BacktestPages pages = new BacktestPages(backtests, auth, models, this);
        routes.get(PATH + "/backtest", page(pages::show));
        routes.get(PATH + "/backtest/jobs", page(pages::jobs));
        routes.post(PATH + "/backtest", page(pages::start));
        routes.get(PATH + "/backtest/{id}/" + BacktestRunner.HTML_FILE, page(pages::html));
        routes.get(PATH + "/backtest/{id}/" + BacktestRunner.JSON_FILE, page(pages::json));
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    // ---- sign-in ----

    private void signInPage(Context ctx) {
        if (auth.session(ctx).isPresent()) {
            ctx.redirect(PATH + "/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        renderSignIn(ctx, null);
    }

    private void renderSignIn(Context ctx, String error) {
        render(ctx, "console/sign-in.jte", new Pages.Page("Sign in", Optional.empty(), ""),
                new Pages.SignInPage(auth.signInToken(ctx), error, auth.anonymousAllowed(), auth.tokensConfigured()));
    }

    private void signIn(Context ctx) {
        try {
            Sessions.Session session = auth.signIn(ctx);
            Logger.info("console sign-in [actor: {}, role: {}]", session.principal().actor(),
                    ConsoleAuth.roleName(session.principal()));
            ctx.redirect(PATH + "/", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (ConsoleAuth.Refused e) {
            ctx.status(e.status);
            renderSignIn(ctx, e.getMessage());
        }
    }

    // ---- worklist ----

    private void worklist(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        Pages.WorklistPage view = worklistView(ctx, session);
        audit(session.principal(), "worklist.read", "worklist", null, "alerts=" + view.alertCount()
                + (view.filters().query().isEmpty() ? "" : ", filters=" + view.filters().query()));
        render(ctx, "console/worklist.jte", page("Worklist", session), view);
    }

    /** The live part alone, as each console fetches it after a change: a shared rendering with this session's token. */
    private void worklistItems(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        String html = sharedWorklist.html(filters(ctx), models.teamsOf(session.principal().actor()), canAct(session),
                session.csrfToken());
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private String renderItems(SharedWorklist.Key key, String csrf) {
        Map<String, Object> params = new HashMap<>();
        params.put("view", models.worklist(key.filters(), key.myTeams(), key.canAct(), csrf));
        StringOutput out = new StringOutput();
        templates.render("console/worklist-items.jte", params, out);
        return out.toString();
    }

    private static Worklist.Filters filters(Context ctx) {
        return Worklist.Filters.parse(ctx.queryParam("team"), ctx.queryParam("severity"),
                ctx.queryParam("unacknowledged"), ctx.queryParam("shown"));
    }

    private Pages.WorklistPage worklistView(Context ctx, Sessions.Session session) {
        return models.worklist(filters(ctx), session.principal().actor(), canAct(session), session.csrfToken());
    }

    // ---- alerts ----

    private void alertPage(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        Alert alert = alert(ctx);
        api.auditRead(session.principal(), alert.alertId(), "console");
        String done = ctx.queryParam("done");
        String message = done == null ? null : switch (done) {
            case "acknowledge" -> "Acknowledged.";
            case "resolve" -> "Resolved.";
            case "snooze" -> "Snoozed: notifications below critical are held until the snooze ends.";
            case "note" -> "Note added.";
            default -> null;
        };
        render(ctx, "console/alert.jte", page("Alert " + alert.ruleId(), session),
                models.alert(alert, canAct(session), message, false, session.csrfToken()));
    }

    private void alertHistory(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        render(ctx, "console/alert-live.jte", null, models.alert(alert(ctx), canAct(session), null, false,
                session.csrfToken()));
    }

    private Alert alert(Context ctx) {
        return state.alert(ctx.pathParam("id")).orElseThrow(() -> new ConsoleAuth.Refused(404,
                "No such alert (or it was resolved more than a day ago)."));
    }

    private void act(Context ctx, String action) {
        Sessions.Session session = auth.clinician(ctx);
        Alert alert = alert(ctx);
        Principal caller = session.principal();
        String text = text(ctx.formParam(action.equals("note") ? "note" : "reason"));
        try {
            switch (action) {
                case "acknowledge" -> state.apply(api.acknowledge(caller, alert.alertId(), text));
                case "resolve" -> state.apply(api.resolve(caller, alert.alertId(), text));
                case "snooze" -> api.snooze(caller, alert.alertId(), snooze(ctx.formParam("for")), text);
                default -> {
                    if (text == null) {
                        throw new Invalid("Write the note first.");
                    }
                    api.note(caller, alert.alertId(), text);
                }
            }
        } catch (NoSuchElementException e) {
            throw new ConsoleAuth.Refused(409, "This alert is handled by another instance of the alert service: "
                    + "act on it there.");
        } catch (IllegalStateException | Invalid e) {
            ctx.status(409);
            render(ctx, "console/alert.jte", page("Alert " + alert.ruleId(), session),
                    models.alert(alert, true, e.getMessage(), true, session.csrfToken()));
            return;
        }
        live.changed();
        String back = ctx.formParam("back");
        if ("worklist".equals(back)) {
            ctx.redirect(PATH + "/", io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect(PATH + "/alerts/" + alert.alertId() + "?done=" + action, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    private static Duration snooze(String text) {
        return PageModels.SNOOZES.stream().filter(d -> PageModels.code(d).equals(text)).findFirst()
                .orElseThrow(() -> new Invalid("Choose how long to snooze."));
    }

    /** Free text from a form: trimmed, at most {@link #MAX_TEXT} characters, no control characters; null if blank. */
    static String text(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        if (text.length() > MAX_TEXT || text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r')) {
            throw new Invalid("Reasons and notes are at most " + MAX_TEXT + " characters of text.");
        }
        return text;
    }

    // ---- patients ----

    private void patientPage(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        String patientId = patientId(ctx);
        String asked = ctx.queryParam("range");
        String range = asked != null && PageModels.RANGES.contains(asked) ? asked : "24h";
        audit(session.principal(), "patient.read", "patient", patientId, "console, range=" + range);
        String saved = ctx.queryParam("saved");
        String message = saved != null && saved.matches("\\d{1,9}") ? "Settings version " + saved
                + " saved: the stream processor applies it to readings measured from its start." : null;
        render(ctx, "console/patient.jte", page("Patient " + patientId, session),
                models.patient(patientId, range, canAct(session), message));
    }

    private void settingsPage(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        String patientId = patientId(ctx);
        if (!canAct(session)) {
            throw new ConsoleAuth.Refused(403, "Your role may look at settings on the patient page but not change them.");
        }
        render(ctx, "console/settings.jte", page("Settings of " + patientId, session),
                models.settings(patientId, null, null, session.csrfToken()));
    }

    private void saveSettings(Context ctx) {
        Sessions.Session session = auth.clinician(ctx);
        String patientId = patientId(ctx);
        Map<String, String> form = new HashMap<>();
        ctx.formParamMap().forEach((key, values) -> {
            if (!values.isEmpty() && key.length() <= 100) {
                form.put(key, values.get(0));
            }
        });
        form.remove(ConsoleAuth.CSRF_FIELD);
        Optional<PatientThresholds> current = state.settings(patientId).stream().findFirst();
        int base = current.map(PatientThresholds::version).orElse(0);
        PatientThresholds next;
        try {
            if (!String.valueOf(base).equals(form.get("baseVersion"))) {
                throw new SettingsForm.Invalid("Someone saved version " + base + " while you were editing: "
                        + "check it below and save again.");
            }
            next = SettingsForm.parse(patientId, form, current, rules, session.principal().actor(), clock,
                    settings.zone());
        } catch (SettingsForm.Invalid e) {
            ctx.status(400);
            form.put("baseVersion", String.valueOf(base));
            render(ctx, "console/settings.jte", page("Settings of " + patientId, session),
                    models.settings(patientId, form, e.getMessage(), session.csrfToken()));
            return;
        }
        await(List.of(publisher.send(Topics.PATIENT_THRESHOLDS, patientId, next, Map.of()),
                auditSend(session.principal(), "patient.settings-changed", "patient", patientId, "version="
                        + next.version() + ", effectiveFrom=" + next.effectiveFrom() + ", "
                        + PageModels.summary(next) + ", reason: " + next.reason())));
        state.applySettings(patientId, next);
        Logger.info("patient settings saved [actor: {}, version: {}]", session.principal().actor(), next.version());
        ctx.redirect(PATH + "/patients/" + patientId + "?saved=" + next.version(), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String patientId(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return Ids.require("patientId", id);
        } catch (IllegalArgumentException e) {
            throw new ConsoleAuth.Refused(404, "No such patient.");
        }
    }

    // ---- shared ----

    private static boolean canAct(Sessions.Session session) {
        return session.principal().role().includes(Role.CLINICIAN);
    }

    static Pages.Page page(String title, Sessions.Session session) {
        Principal p = session.principal();
        return new Pages.Page(title, Optional.of(new Pages.Viewer(p.actor(), ConsoleAuth.roleName(p), canAct(session),
                p.role().includes(Role.ADMIN))), session.csrfToken());
    }

    /** Wraps a console handler: refusals and failures become pages (or a sign-in redirect), never JSON. */
    private Handler page(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ConsoleAuth.Refused e) {
                HttpServer.discardUnreadBody(ctx.req(), ctx.res());
                if (e.status == 401) {
                    if (ctx.header("HX-Request") != null) {
                        ctx.header("HX-Redirect", PATH + "/sign-in");
                        ctx.status(200);
                    } else {
                        ctx.redirect(PATH + "/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
                    }
                    return;
                }
                message(ctx, e.status, e.status == 404 ? "Not found" : e.status == 429 ? "Slow down" : "Not allowed",
                        e.getMessage());
            } catch (Invalid e) {
                message(ctx, 400, "Cannot do that", e.getMessage());
            } catch (AlertApi.Unavailable e) {
                message(ctx, 503, "Try again", "Kafka did not confirm the record in time; nothing is shown or "
                        + "changed until it does.");
            }
        };
    }

    private void message(Context ctx, int status, String heading, String text) {
        ctx.status(status);
        Optional<Sessions.Session> session = auth.session(ctx);
        Pages.Page frame = session.map(s -> page(heading, s)).orElse(new Pages.Page(heading, Optional.empty(), ""));
        render(ctx, "console/message.jte", frame, new Pages.MessagePage(heading, text));
    }

    void render(Context ctx, String template, Pages.Page frame, Object view) {
        Map<String, Object> params = new HashMap<>();
        if (frame != null) {
            params.put("page", frame);
        }
        params.put("view", view);
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    private void audit(Principal caller, String action, String subjectType, String subjectId, String detail) {
        await(List.of(auditSend(caller, action, subjectType, subjectId, detail)));
    }

    Future<?> auditSend(Principal caller, String action, String subjectType, String subjectId, String detail) {
        AuditEvent event = new AuditEvent(Schema.VERSION, UUID.randomUUID().toString(), clock.instant(),
                caller.actor(), action, subjectType, subjectId, detail);
        return publisher.send(Topics.AUDIT, subjectId == null ? caller.actor() : subjectId, event, Map.of());
    }

    void await(List<Future<?>> sends) {
        try {
            for (Future<?> send : sends) {
                send.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ConsoleUnavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleUnavailable();
        }
    }

    /** Kafka did not acknowledge a console record in time. */
    private static final class ConsoleUnavailable extends ConsoleAuth.Refused {
        private static final long serialVersionUID = 1L;

        ConsoleUnavailable() {
            super(503, "Kafka did not confirm the record in time; nothing was shown or changed. Try again.");
        }
    }

    /** A form the console cannot act on; its message says why. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        backtests.close();
        live.close();
        feed.close();
    }

    /** The console's settings from the service's. */
    public static ConsoleSettings settings(Settings settings) {
        return ConsoleSettings.from(settings);
    }
}
