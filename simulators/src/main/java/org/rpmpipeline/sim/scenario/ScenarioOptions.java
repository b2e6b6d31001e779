package org.rpmpipeline.sim.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.rpmpipeline.sim.device.Cadence;
import org.rpmpipeline.sim.patient.Profile;

/**
 * What a run asks of a built-in scenario besides its name.
 *
 * @param patients cohort size, or 0 for the scenario's own
 * @param mix profile fractions for the {@code cohort} scenario ({@code --mix copd:0.2,hf:0.3})
 * @param cadence device cadence, or {@code null}: compressed for runs shorter than a day, realistic otherwise
 * @param rate total messages per second over the cohort (load mode), or 0 to use the cadence
 */
public record ScenarioOptions(long seed, Duration duration, int patients, Map<Profile, Double> mix,
        Cadence cadence, double rate) {

    public ScenarioOptions {
        Objects.requireNonNull(duration, "duration");
        mix = mix == null ? Map.of() : Map.copyOf(mix);
    }

    public static ScenarioOptions of(long seed, Duration duration) {
        return new ScenarioOptions(seed, duration, 0, Map.of(), null, 0);
    }

    /** The cadence to use: the given one, or compressed below a day and realistic from a day on. */
    public Cadence effectiveCadence() {
        if (cadence != null) {
            return cadence;
        }
        return duration.compareTo(Duration.ofDays(1)) < 0 ? Cadence.COMPRESSED : Cadence.REALISTIC;
    }

    int patientsOr(int defaultCount) {
        return patients > 0 ? patients : defaultCount;
    }
}
