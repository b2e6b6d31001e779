package org.rpmpipeline.backtest.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.topic.Topics;

/**
 * A patient's personal bands for a threshold rule apply by rule id; a candidate threshold rule run under an
 * internal id ({@link LanePlan}) must get the same bands as under its own id. This adds, to a
 * {@code rpm.patient-thresholds} record, a copy of each override of such a rule under its internal id. A record
 * that does not decode is passed on unchanged, for the topology to reject as the live processor would.
 */
final class PersonalBands {
    private PersonalBands() {
    }

    static byte[] forLane(byte[] value, Map<String, String> renamed) {
        if (value == null || renamed.isEmpty()) {
            return value;
        }
        PatientThresholds thresholds;
        try {
            thresholds = Topics.PATIENT_THRESHOLDS.valueSerde().deserializer()
                    .deserialize(Topics.PATIENT_THRESHOLDS.name(), value);
        } catch (SerializationException e) {
            return value;
        }
        List<ThresholdOverride> all = new ArrayList<>(thresholds.thresholds());
        for (ThresholdOverride override : thresholds.thresholds()) {
            String internal = renamed.get(override.ruleId());
            if (internal != null) {
                all.add(new ThresholdOverride(internal, override.bands()));
            }
        }
        if (all.size() == thresholds.thresholds().size()) {
            return value;
        }
        return Topics.PATIENT_THRESHOLDS.valueSerde().serializer().serialize(Topics.PATIENT_THRESHOLDS.name(),
                RecordCopies.with(thresholds, "thresholds", List.copyOf(all)));
    }
}
