package org.rpmpipeline.sim.device;

import java.time.Duration;
import org.rpmpipeline.contract.Codes;

/** How often the devices of a generated cohort measure. */
public enum Cadence {
    /**
     * Home-monitoring routines: blood pressure twice a day, weight each morning, temperature twice a day, spot
     * oximetry three times a day, glucose before meals and at bedtime, continuous oximetry at 1 Hz during sleep
     * (23:00-06:00), heart rate every 5 minutes, a NEWS2 check-in (consciousness, breathing rate, oxygen) with
     * each spot oximetry. A scenario day starts at midnight.
     */
    REALISTIC("realistic"),
    /** Seconds instead of hours, for demos and tests: oximeter and wearable every 2 s, the others every 10 s. */
    COMPRESSED("compressed");

    private final String code;

    Cadence(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The schedule of a device of {@code kind}, moved by {@code phase} in [0, 1) of its spacing. */
    public Schedule schedule(DeviceKind kind, double phase) {
        if (this == COMPRESSED) {
            Duration every = kind == DeviceKind.CONTINUOUS_OXIMETER ? Duration.ofSeconds(1)
                    : kind == DeviceKind.PULSE_OXIMETER || kind == DeviceKind.HEART_RATE_MONITOR
                            ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
            return Schedule.every(every, Duration.ofMillis((long) (every.toMillis() * phase)));
        }
        Duration shift = Duration.ofSeconds((long) (600 * phase));
        switch (kind) {
            case BLOOD_PRESSURE_CUFF:
                return daily("07:30", "19:30").shifted(shift);
            case WEIGHT_SCALE:
                return daily("07:00").shifted(shift);
            case THERMOMETER:
                return daily("08:00", "20:00").shifted(shift);
            case PULSE_OXIMETER:
                return daily("08:05", "14:00", "20:05").shifted(shift);
            case GLUCOMETER:
                return daily("07:15", "12:15", "18:15", "22:00").shifted(shift);
            case CONTINUOUS_OXIMETER:
                return Schedule.window(Duration.ofSeconds(1), Duration.ofHours(23), Duration.ofHours(6))
                        .shifted(Duration.ofMillis((long) (1000 * phase)));
            case HEART_RATE_MONITOR:
                return Schedule.every(Duration.ofMinutes(5), shift.dividedBy(2));
            case CHECK_IN:
                return daily("08:10", "14:05", "20:10").shifted(shift);
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    public static Cadence fromCode(String code) {
        return Codes.byCode(values(), Cadence::code, "cadence", code);
    }

    private static Schedule daily(String... times) {
        return Schedule.daily(Schedule.timesOfDay(times).toArray(Duration[]::new));
    }
}
