package org.rpmpipeline.contract.vital;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a reading has no number: the IEEE-11073 special values a BLE device may send, mapped to codes of
 * {@code http://terminology.hl7.org/CodeSystem/data-absent-reason} as the HL7 PHD IG does (DOMAIN.md 1.2).
 */
public enum DataAbsentReason {
    NOT_A_NUMBER("not-a-number"),
    POSITIVE_INFINITY("positive-infinity"),
    NEGATIVE_INFINITY("negative-infinity"),
    /** NRes and the reserved value: the device reported an error. */
    ERROR("error"),
    UNKNOWN("unknown");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private final String code;

    DataAbsentReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static DataAbsentReason fromCode(String code) {
        for (DataAbsentReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown data-absent reason \"" + code + "\"");
    }
}
