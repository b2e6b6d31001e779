package org.rpmpipeline.ble;

import java.util.List;

/**
 * A decoded characteristic value with its wire fields (device units, raw status bits), so that {@link #encode()}
 * mirrors {@code decode}: the simulators encode with the same types the gateway decodes with.
 */
public sealed interface GattMeasurement permits HeartRateMeasurement, BloodPressureMeasurement,
        TemperatureMeasurement, WeightMeasurement, GlucoseMeasurement, PlxSpotCheckMeasurement,
        PlxContinuousMeasurement {

    Characteristic characteristic();

    /** The characteristic value bytes; RFU flag bits are 0. Throws {@link IllegalArgumentException} if a value
     * does not fit its field. */
    byte[] encode();

    /** The normalized readings this measurement yields, values in canonical UCUM units. */
    List<DecodedReading> readings();
}
