package org.rpmpipeline.contract.finding;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a finding is, lowest first. Maps to FHIR DetectedIssue.severity and interpretation codes. */
public enum Severity {
    LOW, MODERATE, HIGH, CRITICAL;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
