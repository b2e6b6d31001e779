package org.rpmpipeline.ble;

import java.util.List;

/**
 * A characteristic value decoded into normalized readings (canonical units). The list may be empty, e.g. a glucose
 * record whose flags announce no concentration.
 */
public record GattDecoded(List<DecodedReading> readings) implements GattResult {
    public GattDecoded {
        readings = List.copyOf(readings);
    }
}
