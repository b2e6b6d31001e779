package org.rpmpipeline.processor.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;

/**
 * A patient's override versions, newest first, and how they change the rules: the version in force for a
 * reading is the highest version whose {@code effectiveFrom} is not after the reading's measurement time.
 * Overridden threshold rules get the personal bands; NEWS2 gets the personal SpO2 scale and standing oxygen
 * prescription. Findings of an adapted rule carry {@code details.overrideVersion}.
 */
public record PatientOverrides(List<PatientThresholds> versions) {
    /** Versions kept per patient: enough for pending future changes, bounded whatever the update rate. */
    static final int MAX_VERSIONS = 10;

    public PatientOverrides {
        versions = versions.stream().sorted(Comparator.comparingInt(PatientThresholds::version).reversed())
                .limit(MAX_VERSIONS).toList();
    }

    /** The history with {@code update} added (replacing an earlier copy of the same version). */
    public PatientOverrides with(PatientThresholds update) {
        List<PatientThresholds> next = new ArrayList<>(versions);
        next.removeIf(v -> v.version() == update.version());
        next.add(update);
        return new PatientOverrides(next);
    }

    /** The version in force at {@code at}, if any. */
    public Optional<PatientThresholds> inForce(Instant at) {
        return versions.stream().filter(v -> !v.effectiveFrom().isAfter(at)).findFirst();
    }

    /** {@code rule} as it applies to the patient under {@code override}, or {@code rule} itself if unaffected. */
    @SuppressWarnings("unchecked")
    public static <S> ReadingRule<S> adapt(ReadingRule<S> rule, PatientThresholds override) {
        if (rule instanceof ThresholdRule threshold) {
            for (ThresholdOverride t : override.thresholds()) {
                if (t.ruleId().equals(threshold.id())) {
                    return (ReadingRule<S>) new ThresholdRule(threshold.id(), threshold.version(),
                            threshold.description(), threshold.vital(), bands(t, override.version()));
                }
            }
        }
        if (rule instanceof News2Rule news2 && (override.homeOxygenFlow() != null
                || override.spo2Scale() != null && override.spo2Scale() != news2.spo2Scale())) {
            return (ReadingRule<S>) news2.forPatient(
                    override.spo2Scale() != null ? override.spo2Scale() : news2.spo2Scale(), override.homeOxygenFlow());
        }
        return rule;
    }

    /**
     * {@code finding} with the override version that was in force, its content id recomputed (only threshold and
     * NEWS2 rules, whose ids are content ids, are ever adapted).
     */
    public static Finding tag(Finding finding, PatientThresholds override) {
        return finding.withDetail("overrideVersion", String.valueOf(override.version()));
    }

    private static List<Band> bands(ThresholdOverride override, int version) {
        List<Band> bands = new ArrayList<>();
        for (BandOverride b : override.bands()) {
            bands.add(new Band(b.severity(), Comparison.fromSymbol(b.operator()), b.value(),
                    "patient override version " + version));
        }
        return bands;
    }
}
