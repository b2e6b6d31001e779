package org.rpmpipeline.alerts.console;

import java.util.List;
import java.util.Optional;

/** What the console's templates render: one record per page or part of a page. */
public final class Pages {
    private Pages() {
    }

    /** The signed-in user as the page header shows them. */
    public record Viewer(String actor, String role, boolean canAct, boolean admin) {
    }

    /**
     * Every page's frame.
     *
     * @param viewer empty on the sign-in page
     * @param csrf the session's CSRF token, put in every form
     */
    public record Page(String title, Optional<Viewer> viewer, String csrf) {
    }

    /** The worklist page and its live part. */
    /**
     * The worklist: {@code rows} are the most acute of {@code patientCount} patients with {@code alertCount}
     * unresolved alerts between them; {@code moreUrl} shows more of them ({@code null} when all are shown).
     */
    public record WorklistPage(Worklist.Filters filters, List<Worklist.PatientRow> rows, List<String> teams,
            boolean inATeam, String itemsUrl, String updated, boolean canAct, int patientCount, int alertCount,
            String moreUrl, String csrf) {
        public boolean partial() {
            return rows.size() < patientCount;
        }
    }

    /** An option of a select. */
    public record Option(String value, String label, boolean selected) {
    }

    /** A line of an alert's history. */
    public record HistoryRow(String time, String actor, String action, String label, String detail) {
    }

    /** An alert's page. */
    public record AlertPage(Worklist.AlertRow row, String patientId, String team, List<String> evidence,
            List<HistoryRow> history, boolean canAct, List<Option> snoozes, String message, boolean error,
            String csrf, String zoneName) {
    }

    /** A device bound to the patient. */
    public record DeviceRow(String deviceId, String kind, String hubId, String battery, boolean lowBattery, String online,
            boolean offline, String lastSeen) {
    }

    /** Adherence this billing period. */
    public record AdherenceView(String periodStart, int readingDays, int requiredDays, int reachableDays,
            boolean reachable, boolean met, int rollingDays, int windowDays, String asOf) {
    }

    /** One settings version. */
    public record VersionRow(int version, String effectiveFrom, String setBy, String reason, String summary,
            boolean inForce) {
    }

    /** A patient's page. */
    public record PatientPage(String patientId, String team, Optional<News2View> news2, String news2Override,
            List<Worklist.AlertRow> unresolved, List<Worklist.AlertRow> resolved, String range, List<Option> ranges,
            List<TrendChart.Chart> charts, List<DeviceRow> devices, Optional<AdherenceView> adherence,
            List<VersionRow> versions, boolean canEdit, String message, String zoneName) {
    }

    /** A band of a rule in the settings editor. */
    public record BandEdit(int index, String severity, String operator, String value, String defaultValue) {
    }

    /** A threshold rule in the settings editor. */
    public record RuleEdit(String id, String description, String vital, String unit, boolean personal,
            List<BandEdit> bands) {
    }

    /** The settings editor. */
    public record SettingsPage(String patientId, int baseVersion, String effectiveFrom, String spo2Scale,
            String homeOxygenFlow, List<RuleEdit> rules, List<VersionRow> versions, String error, String reason,
            String zoneName, String csrf) {
    }

    /** The sign-in page. */
    public record SignInPage(String csrf, String error, boolean anonymousAllowed, boolean tokensConfigured) {
    }

    /** A backtest as the backtest page lists it. */
    public record BacktestRow(String id, String actor, String candidate, String sha256, String scope, String started,
            String state, String message, String finished, boolean running, boolean written) {
    }

    /**
     * The admin's backtest page.
     *
     * @param available false when this deployment has no backtest runner
     * @param running true while a backtest runs (the list then refreshes itself)
     */
    public record BacktestPage(boolean available, boolean running, List<BacktestRow> jobs, String error,
            String from, String to, String patients, int maxRulesKib, String zoneName, String csrf) {
    }

    /** A page that only says something (not found, not allowed). */
    public record MessagePage(String heading, String message) {
    }
}
