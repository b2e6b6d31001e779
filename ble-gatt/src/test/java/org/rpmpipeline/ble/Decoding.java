package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.rpmpipeline.contract.reject.RejectReason;

/** Test shortcuts over {@link GattCodec}. */
final class Decoding {
    private Decoding() {
    }

    static List<DecodedReading> readings(int uuid16, String hex) {
        GattResult result = GattCodec.decode(uuid16, Hex.bytes(hex));
        assertThat(result).isInstanceOf(GattDecoded.class);
        return ((GattDecoded) result).readings();
    }

    static DecodedReading single(int uuid16, String hex) {
        List<DecodedReading> readings = readings(uuid16, hex);
        assertThat(readings).hasSize(1);
        return readings.get(0);
    }

    static String malformedDetail(int uuid16, String hex) {
        GattResult result = GattCodec.decode(uuid16, Hex.bytes(hex));
        assertThat(result).isInstanceOf(GattRejected.class);
        GattRejected rejected = (GattRejected) result;
        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_BLE);
        return rejected.detail();
    }
}
