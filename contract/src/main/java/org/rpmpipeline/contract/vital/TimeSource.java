package org.rpmpipeline.contract.vital;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whose clock {@link Reading#measuredAt()} comes from. */
public enum TimeSource {
    /** The device's own timestamp. */
    DEVICE,
    /** The relay (phone or hub) time, because the device sent none or its clock is not set. */
    RELAY,
    /** The gateway's receive time, because neither device nor relay gave one. */
    GATEWAY;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
