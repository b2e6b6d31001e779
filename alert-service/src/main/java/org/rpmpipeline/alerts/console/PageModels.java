package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rpmpipeline.alerts.http.AlertApi;
import org.rpmpipeline.alerts.notify.CareTeams;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.vital.VitalType;

/** Builds the pages' models from {@link ConsoleState}. */
final class PageModels {
    /** The trend ranges a patient page offers. */
    static final List<String> RANGES = List.of("24h", "7d", "30d");
    static final List<Duration> SNOOZES = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), AlertApi.MAX_SNOOZE);
    static final int MAX_TREND_POINTS = 20_000;
    private static final int LOW_BATTERY = 20;

    private final ConsoleState state;
    private final CareTeams teams;
    private final ThresholdRules rules;
    private final VitalHistory vitals;
    private final Clock clock;
    private final ZoneId zone;
    private final DateTimeFormatter time;

    PageModels(ConsoleState state, CareTeams teams, ThresholdRules rules, VitalHistory vitals, Clock clock,
            ZoneId zone) {
        this.state = state;
        this.teams = teams;
        this.rules = rules;
        this.vitals = vitals;
        this.clock = clock;
        this.zone = zone;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    }

    String zoneName() {
        return zone.getId();
    }

    String time(Instant instant) {
        return time.format(instant);
    }

    /** The teams whose tiers list {@code actor} as a recipient. */
    Set<String> teamsOf(String actor) {
        Set<String> mine = new TreeSet<>();
        teams.teams().forEach((name, team) -> {
            if (team.tiers().stream().anyMatch(tier -> tier.recipients().contains(actor))) {
                mine.add(name);
            }
        });
        return mine;
    }

    Worklist.Lookup lookup() {
        return new Worklist.Lookup() {
            @Override
            public String teamOf(String patientId) {
                return teams.teamNameOf(patientId);
            }

            @Override
            public Optional<News2View> news2(String patientId) {
                return News2View.of(state.news2(patientId));
            }

            @Override
            public List<Evidence> triggering(Alert alert) {
                return state.latestEvidence(alert);
            }

            @Override
            public Optional<String> acknowledgedBy(Alert alert) {
                return state.acknowledgedBy(alert);
            }

            @Override
            public Optional<String> overrideVersion(Alert alert) {
                return state.overrideVersion(alert);
            }
        };
    }

    Pages.WorklistPage worklist(Worklist.Filters filters, String actor, boolean canAct, String csrf) {
        return worklist(filters, teamsOf(actor), canAct, csrf);
    }

    /** The worklist for someone who is a recipient in the teams {@code mine}. */
    Pages.WorklistPage worklist(Worklist.Filters filters, Set<String> mine, boolean canAct, String csrf) {
        Instant now = clock.instant();
        List<Worklist.PatientRow> rows = Worklist.rank(state.unresolved(), lookup(), filters, mine, now);
        String query = filters.query();
        int alerts = rows.stream().mapToInt(r -> r.alerts().size()).sum();
        List<Worklist.PatientRow> shown = rows.size() > filters.shown() ? rows.subList(0, filters.shown()) : rows;
        String more = null;
        if (shown.size() < rows.size() && filters.shown() < Worklist.Filters.MAX_SHOWN) {
            String moreQuery = filters.more(Worklist.Filters.PAGE).query();
            more = "/console/" + (moreQuery.isEmpty() ? "" : "?" + moreQuery);
        }
        return new Pages.WorklistPage(filters, List.copyOf(shown),
                new ArrayList<>(new TreeSet<>(teams.teams().keySet())), !mine.isEmpty(),
                "/console/worklist/items" + (query.isEmpty() ? "" : "?" + query),
                DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone).format(now), canAct, rows.size(),
                alerts, more, csrf);
    }

    Pages.AlertPage alert(Alert alert, boolean canAct, String message, boolean error, String csrf) {
        Instant now = clock.instant();
        List<String> evidence = state.evidence(alert).stream()
                .map(e -> Vitals.reading(e.vital(), e.value()) + " at " + time(e.measuredAt())).toList();
        List<Pages.HistoryRow> history = new ArrayList<>();
        for (HistoryEntry h : state.history(alert.alertId())) {
            history.add(0, new Pages.HistoryRow(time(h.at()), h.actor(), h.action(), h.label(),
                    h.detail() == null ? "" : h.detail()));
        }
        List<Pages.Option> snoozes = SNOOZES.stream().map(d -> new Pages.Option(code(d), words(d),
                d.equals(Duration.ofHours(1)))).toList();
        return new Pages.AlertPage(Worklist.row(alert, lookup(), now), alert.patientId(),
                teams.teamNameOf(alert.patientId()), evidence, history, canAct, snoozes, message, error, csrf,
                zoneName());
    }

    Pages.PatientPage patient(String patientId, String range, boolean canEdit, String message) {
        Instant now = clock.instant();
        Duration span = span(range);
        Instant from = now.minus(span);
        List<Alert> alerts = state.alertsOf(patientId);
        Worklist.Lookup lookup = lookup();
        List<Worklist.AlertRow> unresolved = alerts.stream().filter(a -> a.state() != AlertState.RESOLVED)
                .map(a -> Worklist.row(a, lookup, now)).toList();
        List<Worklist.AlertRow> resolved = alerts.stream().filter(a -> a.state() == AlertState.RESOLVED)
                .map(a -> Worklist.row(a, lookup, now)).toList();
        Set<String> evidenceKeys = new HashSet<>();
        for (Alert alert : alerts) {
            for (Evidence e : state.evidence(alert)) {
                evidenceKeys.add(e.vital().code() + "@" + e.measuredAt());
            }
        }
        List<VitalHistory.Point> points = vitals.points(patientId, from, now, MAX_TREND_POINTS);
        Optional<PatientThresholds> inForce = state.settingsInForce(patientId, now);
        List<TrendChart.Chart> charts = new ArrayList<>();
        for (VitalType vital : Vitals.CHARTED) {
            List<VitalHistory.Point> mine = points.stream().filter(p -> p.vital() == vital).toList();
            if (mine.isEmpty()) {
                continue;
            }
            List<BandOverride> bands = new ArrayList<>();
            Set<String> personal = new HashSet<>();
            for (ThresholdRules.Rule rule : rules.of(vital)) {
                List<BandOverride> ruleBands = ThresholdRules.bandsInForce(rule, inForce);
                bands.addAll(ruleBands);
                if (ThresholdRules.personal(rule, inForce)) {
                    ruleBands.forEach(b -> personal.add(b.severity().code() + b.operator()));
                }
            }
            Set<Instant> evidence = mine.stream().map(VitalHistory.Point::at)
                    .filter(at -> evidenceKeys.contains(vital.code() + "@" + at)).collect(Collectors.toSet());
            charts.add(TrendChart.draw(vital, mine, from, now, bands, personal, evidence, zone));
        }
        List<Pages.Option> ranges = RANGES.stream().map(r -> new Pages.Option(r, rangeWords(r), r.equals(range)))
                .toList();
        Optional<News2View> news2 = News2View.of(state.news2(patientId));
        String override = state.news2(patientId).map(f -> f.details().get("overrideVersion")).orElse("");
        return new Pages.PatientPage(patientId, teams.teamNameOf(patientId), news2, override == null ? "" : override,
                unresolved, resolved, range, ranges, charts, devices(patientId, now), adherence(patientId),
                versions(patientId, now), canEdit, message, zoneName());
    }

    private List<Pages.DeviceRow> devices(String patientId, Instant now) {
        List<Pages.DeviceRow> rows = new ArrayList<>();
        for (DeviceBinding binding : state.devicesOf(patientId)) {
            if (binding.validTo() != null && !binding.validTo().isAfter(now)) {
                continue;
            }
            Optional<DeviceStatus> status = state.deviceStatus(binding.deviceId());
            Optional<DeviceStatus> hub = status.map(DeviceStatus::hubId).flatMap(state::deviceStatus);
            Integer battery = status.map(DeviceStatus::batteryPercent).orElse(null);
            Boolean online = status.map(DeviceStatus::online).orElse(null);
            boolean hubOffline = hub.map(h -> Boolean.FALSE.equals(h.online())).orElse(false);
            String onlineText = Boolean.FALSE.equals(online) ? "offline" : hubOffline ? "hub offline"
                    : Boolean.TRUE.equals(online) ? "online" : "not reported";
            rows.add(new Pages.DeviceRow(binding.deviceId(), binding.kind() == null ? "" : binding.kind(),
                    status.map(DeviceStatus::hubId).orElse(""),
                    battery == null ? "not reported" : battery + " %", battery != null && battery < LOW_BATTERY,
                    onlineText, Boolean.FALSE.equals(online) || hubOffline,
                    status.map(s -> time(s.receivedAt()) + " (" + Ago.of(s.receivedAt(), now) + " ago)")
                            .orElse("no status yet")));
        }
        return rows;
    }

    private Optional<Pages.AdherenceView> adherence(String patientId) {
        return state.adherence(patientId).map((AdherenceRecord r) -> new Pages.AdherenceView(r.periodStart().toString(),
                r.periodReadingDays(), r.requiredDays(), r.reachableDays(), r.reachableDays() >= r.requiredDays(),
                r.periodReadingDays() >= r.requiredDays(), r.readingDays(), r.windowDays(), r.day().toString()));
    }

    List<Pages.VersionRow> versions(String patientId, Instant now) {
        Optional<PatientThresholds> inForce = state.settingsInForce(patientId, now);
        return state.settings(patientId).stream().map(v -> new Pages.VersionRow(v.version(), time(v.effectiveFrom()),
                v.setBy() == null ? "" : v.setBy(), v.reason() == null ? "" : v.reason(), summary(v),
                inForce.map(f -> f.version() == v.version()).orElse(false))).toList();
    }

    static String summary(PatientThresholds v) {
        List<String> parts = new ArrayList<>();
        if (v.spo2Scale() != null) {
            parts.add("SpO₂ scale " + v.spo2Scale());
        }
        if (v.homeOxygenFlow() != null) {
            parts.add("home oxygen " + v.homeOxygenFlow().stripTrailingZeros().toPlainString() + " L/min");
        }
        v.thresholds().forEach(t -> parts.add(t.ruleId() + " " + t.bands().stream()
                .map(b -> b.severity().code() + " " + b.operator() + " " + b.value().stripTrailingZeros().toPlainString())
                .collect(Collectors.joining(", "))));
        return parts.isEmpty() ? "rule set defaults" : String.join("; ", parts);
    }

    Pages.SettingsPage settings(String patientId, java.util.Map<String, String> form, String error, String csrf) {
        Instant now = clock.instant();
        List<PatientThresholds> versions = state.settings(patientId);
        Optional<PatientThresholds> newest = versions.stream().findFirst();
        List<Pages.RuleEdit> edits = new ArrayList<>();
        for (ThresholdRules.Rule rule : rules.all()) {
            boolean personal = form != null ? "on".equals(form.get("override." + rule.id()))
                    : ThresholdRules.personal(rule, newest);
            List<BandOverride> current = ThresholdRules.bandsInForce(rule, newest);
            List<Pages.BandEdit> bands = new ArrayList<>();
            for (int i = 0; i < rule.bands().size(); i++) {
                BandOverride band = rule.bands().get(i);
                String value;
                if (form != null) {
                    value = form.getOrDefault("band." + rule.id() + "." + i, "");
                } else {
                    value = current.stream().filter(b -> b.severity() == band.severity()
                            && b.operator().equals(band.operator())).findFirst()
                            .map(b -> plain(b.value())).orElse(personal ? "" : plain(band.value()));
                }
                bands.add(new Pages.BandEdit(i, band.severity().code(), band.operator(), value, plain(band.value())));
            }
            edits.add(new Pages.RuleEdit(rule.id(), rule.description(), Vitals.label(rule.vital()),
                    Vitals.unit(rule.vital()), personal, bands));
        }
        String effective = form != null ? form.getOrDefault("effectiveFrom", "")
                : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT).withZone(zone).format(now);
        String scale = form != null ? form.getOrDefault("spo2Scale", "")
                : newest.map(PatientThresholds::spo2Scale).map(String::valueOf).orElse("");
        String oxygen = form != null ? form.getOrDefault("homeOxygenFlow", "")
                : newest.map(PatientThresholds::homeOxygenFlow).map(PageModels::plain).orElse("");
        return new Pages.SettingsPage(patientId, newest.map(PatientThresholds::version).orElse(0), effective, scale,
                oxygen, edits, versions(patientId, now), error, form == null ? "" : form.getOrDefault("reason", ""),
                zoneName(), csrf);
    }

    static Duration span(String range) {
        return switch (range) {
            case "7d" -> Duration.ofDays(7);
            case "30d" -> Duration.ofDays(30);
            default -> Duration.ofHours(24);
        };
    }

    static String rangeWords(String range) {
        return switch (range) {
            case "7d" -> "7 days";
            case "30d" -> "30 days";
            default -> "24 hours";
        };
    }

    static String code(Duration d) {
        return d.toMinutes() < 60 ? d.toMinutes() + "m" : d.toHours() + "h";
    }

    static String words(Duration d) {
        return d.toMinutes() < 60 ? d.toMinutes() + " minutes" : d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
