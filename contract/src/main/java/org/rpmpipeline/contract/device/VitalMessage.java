package org.rpmpipeline.contract.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The JSON a device or hub publishes on {@code rpm/v1/{deviceId}/vitals}: one object, or an array of them for an
 * offline sync. Fields are as sent; the gateway validates them and answers each problem with a reject reason,
 * so this record enforces nothing.
 *
 * @param id optional device-side id (sequence number, record number) that makes the reading id unique
 * @param deviceId optional; if present it must equal the device id in the topic
 * @param vital a {@code VitalType} code, e.g. {@code spo2}
 * @param unit the UCUM unit of {@code value}
 * @param measuredAt the device's measurement time (UTC instant); absent means the relay or gateway time is used
 * @param components the values of a panel (blood pressure)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VitalMessage(
        String id,
        String deviceId,
        String vital,
        BigDecimal value,
        String unit,
        Instant measuredAt,
        List<ComponentMessage> components) {

    /** One component of a panel as sent by the device. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComponentMessage(String vital, BigDecimal value, String unit) {
    }
}
