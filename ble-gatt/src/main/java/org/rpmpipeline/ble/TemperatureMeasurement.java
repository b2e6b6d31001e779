package org.rpmpipeline.ble;

import java.util.List;
import java.util.Objects;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Temperature Measurement 0x2A1C (DOMAIN.md 1.6): flags, temperature (FLOAT, Celsius or Fahrenheit), optional time
 * stamp and temperature type (uint8, the body site).
 *
 * @param temperatureType the site code 1-9 (see {@link #site()}), or null when absent
 */
public record TemperatureMeasurement(TemperatureUnit unit, MedFloat temperature, GattDateTime timestamp,
        Integer temperatureType) implements GattMeasurement {

    public enum TemperatureUnit { CELSIUS, FAHRENHEIT }

    private static final int FAHRENHEIT = 0x01;
    private static final int TIMESTAMP_PRESENT = 0x02;
    private static final int TYPE_PRESENT = 0x04;
    /** Temperature Type codes 1-9 (0 and 10-255 reserved). */
    private static final String[] SITES = {null, "armpit", "body", "ear", "finger", "gastro-intestinal-tract",
        "mouth", "rectum", "toe", "tympanum"};

    public TemperatureMeasurement {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(temperature, "temperature");
        Fields.range("temperature type", temperatureType, 0, 0xFF);
    }

    public static TemperatureMeasurement decode(byte[] value) {
        GattReader in = new GattReader(value);
        int flags = in.uint8("flags");
        MedFloat temperature = in.float32("temperature");
        GattDateTime timestamp = (flags & TIMESTAMP_PRESENT) != 0 ? in.dateTime("time stamp") : null;
        Integer type = (flags & TYPE_PRESENT) != 0 ? in.uint8("temperature type") : null;
        return new TemperatureMeasurement((flags & FAHRENHEIT) != 0 ? TemperatureUnit.FAHRENHEIT
                : TemperatureUnit.CELSIUS, temperature, timestamp, type);
    }

    @Override
    public Characteristic characteristic() {
        return Characteristic.TEMPERATURE_MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        int flags = (unit == TemperatureUnit.FAHRENHEIT ? FAHRENHEIT : 0)
                | (timestamp != null ? TIMESTAMP_PRESENT : 0) | (temperatureType != null ? TYPE_PRESENT : 0);
        GattWriter out = new GattWriter().uint8(flags).float32(temperature);
        if (timestamp != null) {
            out.dateTime(timestamp);
        }
        if (temperatureType != null) {
            out.uint8(temperatureType);
        }
        return out.toByteArray();
    }

    /** The body site, e.g. {@code finger}; {@code reserved-N} for an undefined code; null when absent. */
    public String site() {
        if (temperatureType == null) {
            return null;
        }
        return temperatureType < SITES.length && SITES[temperatureType] != null ? SITES[temperatureType]
                : "reserved-" + temperatureType;
    }

    @Override
    public List<DecodedReading> readings() {
        ReadingFrame frame = new ReadingFrame(characteristic()).timestamp(timestamp)
                .qualifier(GattQualifiers.TEMPERATURE_SITE, site());
        MedFloat celsius = unit == TemperatureUnit.FAHRENHEIT ? Conversions.fahrenheitToCelsius(temperature)
                : temperature;
        return List.of(frame.reading(VitalType.BODY_TEMPERATURE, celsius));
    }
}
