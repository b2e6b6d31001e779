package org.rpmpipeline.alerts.intake;

import org.apache.kafka.clients.producer.MockProducer;

/** Publishers over a {@link MockProducer}, for tests outside this package. */
public final class TestPublishers {
    private TestPublishers() {
    }

    public static Publisher over(MockProducer<byte[], byte[]> producer) {
        return new Publisher(producer, false);
    }
}
