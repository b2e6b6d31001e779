package org.rpmpipeline.contract.vital;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ACVPU scale of consciousness that NEWS2 scores (Royal College of Physicians, NEWS2, 2017: Alert, new
 * Confusion, responds to Voice, to Pain, Unresponsive). On the wire a {@link VitalType#CONSCIOUSNESS} reading
 * carries the level's number; in FHIR it is the SNOMED CT finding of the HL7 UK CareConnect ACVPU value set, as in
 * the NHS NEWS2 FHIR guidance (Observation code {@link #OBSERVATION_SNOMED}).
 *
 * <p>{@link #CONFUSION} means <em>new</em> confusion (or new disorientation or agitation); a patient's known,
 * long-standing confusion is their baseline and is sent as {@link #ALERT}.
 */
public enum Acvpu {
    ALERT(0, "A", "248234008", "Mentally alert"),
    CONFUSION(1, "C", "130987000", "Acute confusion"),
    VOICE(2, "V", "300202002", "Responds to voice"),
    PAIN(3, "P", "450847001", "Responds to pain"),
    UNRESPONSIVE(4, "U", "422768004", "Unresponsive");

    /** SNOMED CT. */
    public static final String SNOMED_SYSTEM = "http://snomed.info/sct";
    /** SNOMED CT UK extension: ACVPU (Alert Confusion Voice Pain Unresponsive) scale score. */
    public static final String OBSERVATION_SNOMED = "1104441000000107";
    public static final String OBSERVATION_DISPLAY = "ACVPU (Alert Confusion Voice Pain Unresponsive) scale score";

    private final int level;
    private final String letter;
    private final String snomed;
    private final String display;

    Acvpu(int level, String letter, String snomed, String display) {
        this.level = level;
        this.letter = letter;
        this.snomed = snomed;
        this.display = display;
    }

    /** The number a reading carries, 0 (alert) to 4 (unresponsive). */
    public int level() {
        return level;
    }

    /** A, C, V, P or U. */
    public String letter() {
        return letter;
    }

    /** The SNOMED CT code of the finding. */
    public String snomed() {
        return snomed;
    }

    public String display() {
        return display;
    }

    /** The level {@code value} encodes: a whole number 0-4 (any scale, so 1.0 is 1); empty otherwise. */
    public static Optional<Acvpu> of(BigDecimal value) {
        if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(4)) > 0) {
            return Optional.empty();
        }
        BigDecimal whole = value.stripTrailingZeros();
        if (whole.scale() > 0) {
            return Optional.empty();
        }
        return Optional.of(values()[whole.intValueExact()]);
    }

    /** {@code 0 (A), 1 (C), 2 (V), 3 (P) or 4 (U)}, for messages. */
    static String legend() {
        return Arrays.stream(values()).map(a -> a.level + " (" + a.letter + ")")
                .collect(Collectors.joining(", ")).replaceFirst(", 4", " or 4");
    }
}
