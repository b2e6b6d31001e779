package org.rpmpipeline.processor.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.processor.rules.PatientOverrides;
import org.tinylog.Logger;

/**
 * Adds each override version to the patient's history in the global {@code patient-thresholds-store}; a
 * tombstone removes the patient's overrides. Runs on the global stream thread, for every record of
 * {@code rpm.patient-thresholds} whatever its partition, and again over the whole topic when the store is
 * restored (Kafka Streams replays a global store's topic through its processor).
 */
final class PatientThresholdsUpdater implements Processor<String, PatientThresholds, Void, Void> {
    private KeyValueStore<String, PatientOverrides> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(VitalsTopology.PATIENT_THRESHOLDS_STORE);
    }

    @Override
    public void process(Record<String, PatientThresholds> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        if (!record.key().equals(record.value().patientId())) {
            Logger.warn("patient thresholds ignored: key and patient id differ [key: {}]", record.key());
            return;
        }
        PatientOverrides history = store.get(record.key());
        PatientOverrides next = history == null ? new PatientOverrides(java.util.List.of(record.value()))
                : history.with(record.value());
        store.put(record.key(), next);
        Logger.debug("patient thresholds updated [patient: {}, version: {}]", record.key(), record.value().version());
    }
}
