package org.rpmpipeline.processor.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.rpmpipeline.contract.vital.Reading;
import org.tinylog.Logger;

/**
 * Drops a reading whose id was already seen (QoS 1 redelivery, BLE devices replaying stored records). Ids are
 * kept in a window store at the reading's event time, for the store's retention; a reading id embeds its
 * measurement time, so a duplicate always lands at the same instant.
 */
final class DedupProcessor implements Processor<String, Reading, String, Reading> {
    private ProcessorContext<String, Reading> context;
    private WindowStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, Reading> context) {
        this.context = context;
        this.seen = context.getStateStore(VitalsTopology.DEDUP_STORE);
    }

    @Override
    public void process(Record<String, Reading> record) {
        String id = record.value().readingId();
        long at = record.timestamp();
        if (seen.fetch(id, at) != null) {
            Logger.debug("duplicate reading dropped [reading: {}]", id);
            return;
        }
        seen.put(id, at, at);
        context.forward(record);
    }
}
