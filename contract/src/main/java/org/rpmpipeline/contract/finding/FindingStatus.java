package org.rpmpipeline.contract.finding;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A condition that has started ({@code ACTIVE}) or ended ({@code RESOLVED}). */
public enum FindingStatus {
    ACTIVE, RESOLVED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
