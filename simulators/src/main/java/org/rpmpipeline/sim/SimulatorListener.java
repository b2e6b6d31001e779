package org.rpmpipeline.sim;

/**
 * Told about every publish. {@link #published} runs on the simulator's pacing thread, the others on MQTT client
 * threads: implementations must be thread-safe and quick (count, do not block).
 */
public interface SimulatorListener {

    /** The message was handed to the MQTT client. */
    default void published(Publication publication) {
    }

    /** The broker acknowledged the message (PUBACK). */
    default void acknowledged(Publication publication) {
    }

    /** The publish failed (no connection, error reason code, shutdown before the PUBACK). */
    default void failed(Publication publication, Throwable cause) {
    }
}
