package org.rpmpipeline.ble;

import java.util.Objects;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * A characteristic value that yields no reading: {@link RejectReason#UNSUPPORTED_CHARACTERISTIC} or
 * {@link RejectReason#MALFORMED_BLE}, with a human-readable detail naming the characteristic and the field.
 */
public record GattRejected(RejectReason reason, String detail) implements GattResult {
    public GattRejected {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
