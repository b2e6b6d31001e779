package org.rpmpipeline.ble;

import java.util.Optional;
import java.util.function.Function;

/** The supported Bluetooth SIG GATT health characteristics, by 16-bit UUID. */
public enum Characteristic {
    HEART_RATE_MEASUREMENT(0x2A37, "heart rate measurement", HeartRateMeasurement::decode),
    BLOOD_PRESSURE_MEASUREMENT(0x2A35, "blood pressure measurement", BloodPressureMeasurement::decode),
    TEMPERATURE_MEASUREMENT(0x2A1C, "temperature measurement", TemperatureMeasurement::decode),
    WEIGHT_MEASUREMENT(0x2A9D, "weight measurement", WeightMeasurement::decode),
    GLUCOSE_MEASUREMENT(0x2A18, "glucose measurement", GlucoseMeasurement::decode),
    PLX_SPOT_CHECK_MEASUREMENT(0x2A5E, "PLX spot-check measurement", PlxSpotCheckMeasurement::decode),
    PLX_CONTINUOUS_MEASUREMENT(0x2A5F, "PLX continuous measurement", PlxContinuousMeasurement::decode);

    private final int uuid16;
    private final String title;
    private final Function<byte[], GattMeasurement> decoder;

    Characteristic(int uuid16, String title, Function<byte[], GattMeasurement> decoder) {
        this.uuid16 = uuid16;
        this.title = title;
        this.decoder = decoder;
    }

    public int uuid16() {
        return uuid16;
    }

    /** The 16-bit UUID as four lower-case hex digits, as in the MQTT topic ({@code 2a35}). */
    public String hex() {
        return String.format("%04x", uuid16);
    }

    public String title() {
        return title;
    }

    /** Decodes a value of this characteristic; throws {@link GattFormatException} when it is malformed. */
    public GattMeasurement decode(byte[] value) {
        return decoder.apply(value);
    }

    public static Optional<Characteristic> of(int uuid16) {
        for (Characteristic characteristic : values()) {
            if (characteristic.uuid16 == uuid16) {
                return Optional.of(characteristic);
            }
        }
        return Optional.empty();
    }
}
