package org.rpmpipeline.processor.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rpmpipeline.contract.device.DeviceStatus;

/** Keeps the global store of the latest status per device (a tombstone removes it). */
final class DeviceStatusUpdater implements Processor<String, DeviceStatus, Void, Void> {
    private KeyValueStore<String, DeviceStatus> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(VitalsTopology.DEVICE_STATUS_STORE);
    }

    @Override
    public void process(Record<String, DeviceStatus> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
