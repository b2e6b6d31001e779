package org.rpmpipeline.ble;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * The gateway's entry point: a raw characteristic value (as relayed by a hub, no ATT header) in, normalized
 * readings or a rejection out. No exception escapes for any input.
 */
public final class GattCodec {
    private static final String SUPPORTED = Arrays.stream(Characteristic.values())
            .map(c -> "0x" + c.hex()).collect(Collectors.joining(", "));

    private GattCodec() {
    }

    public static GattResult decode(int uuid16, byte[] value) {
        Optional<Characteristic> characteristic = Characteristic.of(uuid16);
        if (characteristic.isEmpty()) {
            return new GattRejected(RejectReason.UNSUPPORTED_CHARACTERISTIC,
                    String.format("characteristic 0x%04x is not supported (supported: %s)", uuid16, SUPPORTED));
        }
        Characteristic c = characteristic.get();
        if (value == null || value.length == 0) {
            return malformed(c, "empty value: field 'flags' missing");
        }
        try {
            return new GattDecoded(c.decode(value).readings());
        } catch (GattFormatException e) {
            return malformed(c, e.getMessage());
        } catch (RuntimeException e) {
            return malformed(c, "undecodable value (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static GattRejected malformed(Characteristic characteristic, String detail) {
        return new GattRejected(RejectReason.MALFORMED_BLE, characteristic.title() + " (0x" + characteristic.hex()
                + "): " + detail);
    }
}
