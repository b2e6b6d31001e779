package org.rpmpipeline.gateway.publish;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What a failed Kafka send means for the gateway. Only a transient failure is worth retrying the same record;
 * retrying a record Kafka refuses for good (too large, invalid, not serializable, not authorized) would hold its
 * MQTT message, and the broker's in-flight window with it, forever.
 */
enum KafkaErrors {
    /** Kafka away, slow or electing a leader, or the client cannot log in: retry the same record with backoff. */
    TRANSIENT,
    /** This record can never be written (too large, invalid, not serializable): write a smaller one instead. */
    RECORD,
    /** The gateway may not write to the topic: write the message to the dead-letter topic instead. */
    ACCESS;

    static KafkaErrors of(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof AuthenticationException) {
                // a failed login (bad SASL secret) fails every record alike: as if Kafka were away
                return TRANSIENT;
            }
            if (cause instanceof AuthorizationException) {
                return ACCESS;
            }
        }
        return RECORD;
    }
}
