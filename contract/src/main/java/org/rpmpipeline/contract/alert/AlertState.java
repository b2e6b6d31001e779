package org.rpmpipeline.contract.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The lifecycle of an alert: open, then acknowledged by a clinician, then resolved. */
public enum AlertState {
    OPEN, ACKNOWLEDGED, RESOLVED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
