package org.rpmpipeline.alerts.console;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.Ids;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.clinical.ClinicalReference;
import org.rpmpipeline.contract.clinical.PlausibleRange;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;

/**
 * A clinician's edit of a patient's settings, from the editor's form to the next {@link PatientThresholds}
 * version, in the exact form the stream processor reads from {@code rpm.patient-thresholds}. Fields:
 * {@code baseVersion} (the version the form was opened on; a different current version means someone else
 * changed the settings meanwhile), {@code effectiveFrom} ({@code yyyy-MM-ddTHH:mm} in the console's time zone,
 * blank = now), {@code spo2Scale} (blank = the rule set's, {@code 1} or {@code 2}), {@code homeOxygenFlow} (L/min,
 * blank = none), {@code override.<ruleId>} (on = replace the rule's bands) with {@code band.<ruleId>.<i>} (the
 * value of the rule's i-th default band; blank leaves that band out) and {@code reason} (required).
 */
public final class SettingsForm {
    static final int MAX_REASON = 500;
    /** How far back a change may start: readings measured since then and still to come are judged by it. */
    static final Duration MAX_BACKDATE = Duration.ofDays(7);
    static final Duration MAX_AHEAD = Duration.ofDays(366);

    private SettingsForm() {
    }

    /** The form could not be taken; the message says which field and why. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * The next version from the form's fields.
     *
     * @param current the patient's newest version, if any
     * @throws Invalid if a field is missing or out of range
     */
    public static PatientThresholds parse(String patientId, Map<String, String> form, Optional<PatientThresholds> current,
            ThresholdRules rules, String actor, Clock clock, ZoneId zone) {
        Instant now = clock.instant();
        Instant effectiveFrom = effectiveFrom(form.get("effectiveFrom"), now, zone);
        Integer scale = switch (blankToEmpty(form.get("spo2Scale"))) {
            case "" -> null;
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new Invalid("SpO₂ scale must be 1 or 2");
        };
        BigDecimal oxygen = decimal(form.get("homeOxygenFlow"), "Home oxygen flow");
        List<ThresholdOverride> overrides = new ArrayList<>();
        for (ThresholdRules.Rule rule : rules.all()) {
            if (!"on".equals(form.get("override." + rule.id()))) {
                continue;
            }
            List<BandOverride> bands = new ArrayList<>();
            for (int i = 0; i < rule.bands().size(); i++) {
                BandOverride band = rule.bands().get(i);
                BigDecimal value = decimal(form.get("band." + rule.id() + "." + i), rule.description() + " ("
                        + band.severity().code() + ")");
                if (value != null) {
                    plausible(rule, value);
                    bands.add(new BandOverride(band.severity(), band.operator(), value));
                }
            }
            if (bands.isEmpty()) {
                throw new Invalid(rule.description() + ": personal limits need at least one value");
            }
            overrides.add(new ThresholdOverride(rule.id(), bands));
        }
        String reason = blankToEmpty(form.get("reason")).strip();
        if (reason.isEmpty()) {
            throw new Invalid("A reason is required: it goes on the audit trail");
        }
        if (reason.length() > MAX_REASON || reason.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r')) {
            throw new Invalid("The reason must be at most " + MAX_REASON + " characters of text");
        }
        int version = current.map(PatientThresholds::version).orElse(0) + 1;
        String setBy = actor.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}") ? actor : null;
        try {
            Ids.require("patientId", patientId);
            return new PatientThresholds(Schema.VERSION, patientId, version, effectiveFrom, scale, overrides, setBy,
                    reason, oxygen);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private static void plausible(ThresholdRules.Rule rule, BigDecimal value) {
        Optional<PlausibleRange> range = ClinicalReference.bundled().plausibleRange(rule.vital());
        if (range.isPresent() && !range.get().contains(value)) {
            throw new Invalid(rule.description() + ": " + value.toPlainString() + " is outside what the gateway accepts ("
                    + range.get().min().toPlainString() + " to " + range.get().max().toPlainString() + ")");
        }
    }

    static Instant effectiveFrom(String text, Instant now, ZoneId zone) {
        String value = blankToEmpty(text).strip();
        if (value.isEmpty()) {
            return now;
        }
        Instant at;
        try {
            at = LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid("Effective from must be a date and time such as 2026-03-15T08:00");
        }
        if (at.isBefore(now.minus(MAX_BACKDATE)) || at.isAfter(now.plus(MAX_AHEAD))) {
            throw new Invalid("Effective from must be within the last 7 days or the next year");
        }
        return at;
    }

    private static BigDecimal decimal(String text, String field) {
        String value = blankToEmpty(text).strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 12) {
            throw new Invalid(field + " must be a number");
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new Invalid(field + " must be a number");
        }
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text;
    }
}
