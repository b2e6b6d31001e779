package org.rpmpipeline.contract;

/**
 * The schema version every message on every topic carries. A consumer rejects a version it does not know
 * instead of guessing at its fields.
 */
public final class Schema {
    /** The version this build writes and reads. */
    public static final int VERSION = 1;

    private Schema() {
    }

    /** Returns {@code version} if this build understands it, else throws naming the message type. */
    public static int check(int version, String messageType) {
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    messageType + ": unsupported schemaVersion " + version + " (this build reads " + VERSION + ")");
        }
        return version;
    }
}
