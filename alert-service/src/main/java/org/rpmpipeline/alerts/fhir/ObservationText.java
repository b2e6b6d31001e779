package org.rpmpipeline.alerts.fhir;

import org.rpmpipeline.contract.vital.VitalType;

/** The one-line narrative of a placeholder evidence Observation: what was measured and when. No identifiers. */
final class ObservationText {
    private ObservationText() {
    }

    /** The narrative of an evidence Observation registered before its reading's own Observation arrived. */
    static String registered(VitalType vital, java.time.Instant measuredAt) {
        return vital.display() + " measured " + measuredAt + ": registered as evidence of an alert; the result "
                + "follows with the reading's own Observation";
    }

}
