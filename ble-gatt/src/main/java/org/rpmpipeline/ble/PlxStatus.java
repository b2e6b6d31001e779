package org.rpmpipeline.ble;

import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.vital.VitalType;

/** PLX measurement status and device-and-sensor status bits (DOMAIN.md 1.9), for spot-check and continuous. */
final class PlxStatus {
    /** Measurement status bits 0-4 are RFU. */
    private static final String[] MEASUREMENT = {null, null, null, null, null, "measurement-ongoing",
        "early-estimate", "validated", "fully-qualified", "from-storage", "demonstration", "testing",
        "calibration-ongoing", "unavailable", "questionable", "invalid"};
    /** Device and sensor status bits 16-23 are RFU. */
    private static final String[] DEVICE_AND_SENSOR = {"extended-display-update", "equipment-malfunction",
        "signal-processing-irregularity", "inadequate-signal", "poor-signal", "low-perfusion", "erratic-signal",
        "non-pulsatile-signal", "questionable-pulse", "signal-analysis-ongoing", "sensor-interference",
        "sensor-unconnected", "unknown-sensor", "sensor-displaced", "sensor-malfunctioning", "sensor-disconnected"};
    private static final int UNAVAILABLE_BIT = 13;
    private static final int INVALID_BIT = 15;

    private PlxStatus() {
    }

    /**
     * The optional fields both PLX measurements end with, in this order: measurement status (16 bits), device and
     * sensor status (24 bits), pulse amplitude index (SFLOAT %). Each is null when absent.
     */
    record Tail(Integer measurementStatus, Integer deviceAndSensorStatus, MedFloat pulseAmplitudeIndex) {
        /** Reads the fields whose flags say they are present. */
        static Tail read(GattReader in, boolean status, boolean deviceStatus, boolean pulseAmplitudeIndex) {
            return new Tail(status ? in.uint16("measurement status") : null,
                    deviceStatus ? in.uint24("device and sensor status") : null,
                    pulseAmplitudeIndex ? in.sfloat("pulse amplitude index") : null);
        }

        /** Writes the fields that are present. */
        void write(GattWriter out) {
            if (measurementStatus != null) {
                out.uint16(measurementStatus);
            }
            if (deviceAndSensorStatus != null) {
                out.uint24(deviceAndSensorStatus);
            }
            if (pulseAmplitudeIndex != null) {
                out.sfloat(pulseAmplitudeIndex);
            }
        }
    }

    static void qualify(ReadingFrame frame, Integer measurementStatus, Integer deviceAndSensorStatus,
            MedFloat pulseAmplitudeIndex) {
        frame.qualifier(GattQualifiers.PLX_STATUS,
                        measurementStatus == null ? null : StatusBits.joined(StatusBits.names(measurementStatus,
                                MEASUREMENT)))
                .qualifier(GattQualifiers.PLX_DEVICE_STATUS, deviceAndSensorStatus == null ? null
                        : StatusBits.joined(StatusBits.names(deviceAndSensorStatus, DEVICE_AND_SENSOR)))
                .qualifier(GattQualifiers.PLX_PAI, ReadingFrame.text(pulseAmplitudeIndex));
    }

    /**
     * The device declares the values unusable: "invalid measurement detected" maps to {@code error} and
     * "measurement unavailable" to {@code unknown}, as the PHD IG maps these statuses to a data-absent reason
     * (DOMAIN.md 2.4). Null when the values stand.
     */
    static DataAbsentReason absentReason(Integer measurementStatus) {
        if (StatusBits.isSet(measurementStatus, INVALID_BIT)) {
            return DataAbsentReason.ERROR;
        }
        return StatusBits.isSet(measurementStatus, UNAVAILABLE_BIT) ? DataAbsentReason.UNKNOWN : null;
    }

    /** The reading of {@code value}, unless the status (or the value itself) says there is none. */
    static DecodedReading reading(ReadingFrame frame, VitalType vital, MedFloat value,
            DataAbsentReason statusAbsent) {
        return statusAbsent == null || !value.isNumber() ? frame.reading(vital, value)
                : frame.absent(vital, statusAbsent);
    }
}
