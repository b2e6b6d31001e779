package org.rpmpipeline.alerts.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.rpmpipeline.alerts.fhir.server.InMemoryFhirStore;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Trends from the in-process FHIR server's store: the patient's Observations (already indexed by patient there),
 * their LOINC code, {@code effectiveDateTime} and {@code valueQuantity}, or each component's for a blood-pressure
 * panel. SampledData groups and coded values (consciousness) are not charted.
 */
public final class InProcessVitalHistory implements VitalHistory {
    private static final Map<String, VitalType> BY_LOINC = new HashMap<>();

    static {
        for (VitalType vital : VitalType.values()) {
            BY_LOINC.put(vital.loinc(), vital);
        }
        BY_LOINC.put("2708-6", VitalType.SPO2);
    }

    private final InMemoryFhirStore store;

    public InProcessVitalHistory(InMemoryFhirStore store) {
        this.store = store;
    }

    @Override
    public List<Point> points(String patientId, Instant from, Instant to, int limit) {
        List<Point> points = new ArrayList<>();
        for (Resource resource : store.ofPatient("Observation", patientId)) {
            if (!(resource instanceof Observation observation) || !observation.hasEffectiveDateTimeType()) {
                continue;
            }
            Instant at = observation.getEffectiveDateTimeType().getValue().toInstant();
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            Optional<VitalType> vital = vital(observation.getCode().getCoding());
            if (vital.isEmpty()) {
                continue;
            }
            if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
                points.add(new Point(vital.get(), at, observation.getValueQuantity().getValue()));
            }
            for (Observation.ObservationComponentComponent component : observation.getComponent()) {
                Optional<VitalType> part = vital(component.getCode().getCoding());
                if (part.isPresent() && component.hasValueQuantity() && component.getValueQuantity().hasValue()) {
                    points.add(new Point(part.get(), at, component.getValueQuantity().getValue()));
                }
            }
        }
        points.sort(Comparator.comparing(Point::at));
        return points.size() <= limit ? points : List.copyOf(points.subList(points.size() - limit, points.size()));
    }

    private static Optional<VitalType> vital(List<Coding> codings) {
        for (Coding coding : codings) {
            if (VitalType.LOINC_SYSTEM.equals(coding.getSystem()) && BY_LOINC.containsKey(coding.getCode())) {
                return Optional.of(BY_LOINC.get(coding.getCode()));
            }
        }
        return Optional.empty();
    }
}
