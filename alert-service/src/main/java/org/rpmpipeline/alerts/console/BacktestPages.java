package org.rpmpipeline.alerts.console;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rpmpipeline.alerts.http.Role;
import org.tinylog.Logger;

/**
 * The admin's "Rule backtest" page: a candidate rules file (pasted or uploaded, at most {@link #MAX_RULES_BYTES}),
 * a window and optionally a list of patients start a backtest through the deployment's {@link BacktestRunner};
 * the page lists the running and the last finished backtests, refreshing itself while one runs, and serves their
 * HTML and JSON reports. Viewers and clinicians are refused; every start is audited on {@code rpm.audit} with the
 * candidate's SHA-256.
 */
final class BacktestPages {
    /** The largest candidate rules file accepted. */
    static final int MAX_RULES_BYTES = 256 * 1024;
    /** The largest patients list accepted. */
    static final int MAX_PATIENTS_BYTES = 64 * 1024;
    /** The largest request body: a pasted and an uploaded file, the patients, the other fields. */
    static final int MAX_FORM_BYTES = 2 * MAX_RULES_BYTES + MAX_PATIENTS_BYTES + 16 * 1024;
    private static final int MAX_FIELD = 100;
    /** The HTML report is self-contained: its own style and inline SVG, no script (and the sandbox allows none). */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

    private final BacktestJobs jobs;
    private final ConsoleAuth auth;
    private final PageModels models;
    private final Console console;

    BacktestPages(BacktestJobs jobs, ConsoleAuth auth, PageModels models, Console console) {
        this.jobs = jobs;
        this.auth = auth;
        this.models = models;
        this.console = console;
    }

    void show(Context ctx) {
        Sessions.Session session = admin(ctx);
        render(ctx, session, null, "30d", "", "");
    }

    /** The list of backtests alone (the page's self-refreshing part). */
    void jobs(Context ctx) {
        admin(ctx);
        console.render(ctx, "console/backtest-jobs.jte", null, view(null, "", "", "", ""));
    }

    void start(Context ctx) {
        Sessions.Session session = admin(ctx);
        // the body is bounded before anything reads it (the CSRF check reads the form)
        long length = ctx.contentLength();
        if (length < 0) {
            throw new ConsoleAuth.Refused(411, "The form must be sent with its length.");
        }
        if (length > MAX_FORM_BYTES) {
            throw new ConsoleAuth.Refused(413, "The rules file is too large: at most " + MAX_RULES_BYTES / 1024
                    + " KiB is accepted. Nothing was started.");
        }
        auth.forChange(ctx);
        if (jobs.runner().isEmpty()) {
            throw new ConsoleAuth.Refused(404, unavailable());
        }
        String from = Optional.ofNullable(ctx.formParam("from")).orElse("");
        String to = Optional.ofNullable(ctx.formParam("to")).orElse("");
        String patients = Optional.ofNullable(ctx.formParam("patients")).orElse("");
        try {
            from = field("from", from);
            to = field("to", to);
            if (patients.getBytes(StandardCharsets.UTF_8).length > MAX_PATIENTS_BYTES) {
                throw new BacktestRunner.Invalid("The patients list is longer than " + MAX_PATIENTS_BYTES / 1024
                        + " KiB: run ./rpm backtest --patients with a file for longer lists.");
            }
            jobs.checkIdle();
            Candidate candidate = candidate(ctx);
            BacktestRunner.Prepared prepared = jobs.runner().get().prepare(new BacktestRunner.Request(
                    candidate.name(), candidate.bytes(), from, to, patients));
            String actor = session.principal().actor();
            BacktestJobs.Job job = jobs.start(prepared, actor, () -> console.await(List.of(console.auditSend(
                    session.principal(), "backtest.started", "rules", null, "candidate=" + prepared.candidate()
                            + ", sha256=" + prepared.sha256() + ", " + prepared.scope()))));
            Logger.info("console backtest started [actor: {}, job: {}]", actor, job.id());
            ctx.redirect(Console.PATH + "/backtest", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (BacktestRunner.Invalid e) {
            ctx.status(400);
            render(ctx, session, e.getMessage(), from, to, patients);
        } catch (BacktestJobs.Busy e) {
            ctx.status(409);
            render(ctx, session, e.getMessage(), from, to, patients);
        }
    }

    void html(Context ctx) throws IOException {
        admin(ctx);
        Path file = report(ctx, BacktestRunner.HTML_FILE);
        ctx.header("Content-Security-Policy", REPORT_CSP);
        if (ctx.queryParam("download") != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + BacktestRunner.HTML_FILE + "\"");
        }
        send(ctx, file, "text/html; charset=utf-8");
    }

    void json(Context ctx) throws IOException {
        admin(ctx);
        Path file = report(ctx, BacktestRunner.JSON_FILE);
        ctx.header("Content-Disposition", "attachment; filename=\"" + BacktestRunner.JSON_FILE + "\"");
        send(ctx, file, "application/json");
    }

    private Path report(Context ctx, String name) {
        return jobs.report(ctx.pathParam("id"), name).orElseThrow(() -> new ConsoleAuth.Refused(404,
                "No such report: it was never written, or it was deleted (the last " + BacktestJobs.KEPT
                        + " are kept until the service stops)."));
    }

    private static void send(Context ctx, Path file, String type) throws IOException {
        InputStream in = Files.newInputStream(file);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(type).result(in);
    }

    /** The signed-in admin, or a refusal: other roles may not run backtests (nor see that they exist). */
    private Sessions.Session admin(Context ctx) {
        Sessions.Session session = auth.required(ctx);
        if (!session.principal().role().includes(Role.ADMIN)) {
            throw new ConsoleAuth.Refused(403, "Rule backtests are for admins; your role is "
                    + ConsoleAuth.roleName(session.principal()) + ".");
        }
        return session;
    }

    private record Candidate(String name, byte[] bytes) {
    }

    /** The uploaded file if one was chosen, else the pasted text. */
    private static Candidate candidate(Context ctx) {
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("rulesFile") : null;
        if (upload != null && upload.size() > 0) {
            if (upload.size() > MAX_RULES_BYTES) {
                throw new BacktestRunner.Invalid(tooLarge());
            }
            try (InputStream in = upload.content()) {
                byte[] bytes = in.readNBytes(MAX_RULES_BYTES + 1);
                if (bytes.length > MAX_RULES_BYTES) {
                    throw new BacktestRunner.Invalid(tooLarge());
                }
                return new Candidate(fileName(upload.filename()), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String text = ctx.formParam("rules");
        if (text == null || text.isBlank()) {
            throw new BacktestRunner.Invalid("Paste the candidate rules or choose a rules file.");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_RULES_BYTES) {
            throw new BacktestRunner.Invalid(tooLarge());
        }
        return new Candidate("pasted-rules.yaml", bytes);
    }

    private static String tooLarge() {
        return "The rules file is too large: at most " + MAX_RULES_BYTES / 1024 + " KiB is accepted.";
    }

    /** An uploaded file's name, reduced to safe characters (it appears in the report and the audit trail). */
    static String fileName(String raw) {
        String base = raw == null ? "" : raw.replaceAll(".*[/\\\\]", "");
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > MAX_FIELD) {
            safe = safe.substring(0, MAX_FIELD);
        }
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "uploaded-rules.yaml" : safe;
    }

    private static String field(String name, String value) {
        String v = value.strip();
        if (v.length() > MAX_FIELD) {
            throw new BacktestRunner.Invalid("\"" + name + "\" is longer than " + MAX_FIELD + " characters.");
        }
        return v;
    }

    static String unavailable() {
        return "Rule backtests are not available in this deployment of the alert service: run ./rpm backtest "
                + "--rules candidate.yaml where Kafka can be reached.";
    }

    private void render(Context ctx, Sessions.Session session, String error, String from, String to,
            String patients) {
        console.render(ctx, "console/backtest.jte", Console.page("Rule backtest", session),
                view(error, from, to, patients, session.csrfToken()));
    }

    private Pages.BacktestPage view(String error, String from, String to, String patients, String csrf) {
        List<Pages.BacktestRow> rows = jobs.jobs().stream().map(this::row).toList();
        return new Pages.BacktestPage(jobs.runner().isPresent(), jobs.running().isPresent(), rows, error, from, to,
                patients, MAX_RULES_BYTES / 1024, models.zoneName(), csrf);
    }

    private Pages.BacktestRow row(BacktestJobs.Job job) {
        String state = switch (job.state()) {
            case RUNNING -> "running";
            case WRITTEN -> "report written";
            case REFUSED -> "refused";
            case FAILED -> "failed";
        };
        return new Pages.BacktestRow(job.id(), job.actor(), job.candidate(), job.sha256(), job.scope(),
                models.time(job.started()), state, job.message(),
                job.finished() == null ? null : models.time(job.finished()), job.state() == BacktestJobs.State.RUNNING,
                job.state() == BacktestJobs.State.WRITTEN);
    }
}
