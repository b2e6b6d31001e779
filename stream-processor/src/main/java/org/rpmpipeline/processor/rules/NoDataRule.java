package org.rpmpipeline.processor.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Reading;

/**
 * A device of a patient silent for longer than {@code silence}, judged on the wall clock (stream time stops when
 * a device stops sending, so event time cannot see the silence). The finding explains the gap: the device's hub
 * (or the device itself) reported offline on {@code rpm.device-status}, or simply no readings. One ACTIVE finding
 * per silence, one RESOLVED finding when the next reading arrives.
 */
public record NoDataRule(String id, int version, String description, Duration silence, Severity severity,
        String source) implements Rule {

    /** What the processor remembers per patient and device: when it last heard from it, and if silent now. */
    public record Activity(String patientId, String deviceId, String hubId, Instant lastReceivedAt,
            Instant lastMeasuredAt, boolean silent) {
    }

    public NoDataRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(severity, "severity");
    }

    /** The activity after {@code reading}, and a RESOLVED finding if the device had been reported silent. */
    public Step<Activity> onReading(Activity previous, Reading reading, Instant now) {
        Instant received = previous == null || reading.receivedAt().isAfter(previous.lastReceivedAt())
                ? reading.receivedAt() : previous.lastReceivedAt();
        Instant measured = previous == null || reading.measuredAt().isAfter(previous.lastMeasuredAt())
                ? reading.measuredAt() : previous.lastMeasuredAt();
        Activity next = new Activity(reading.patientId(), reading.deviceId(), reading.hubId(), received, measured,
                false);
        if (previous == null || !previous.silent()) {
            return Step.of(next);
        }
        Finding resolved = FindingDraft.resolved(this, reading.patientId()).severity(severity)
                .devices(List.of(reading.deviceId())).window(previous.lastReceivedAt(), reading.receivedAt())
                .summary(description + ": readings arrive again after "
                        + Duration.between(previous.lastReceivedAt(), reading.receivedAt()).toMinutes() + " min")
                .detail("kind", "no-data").detail("episodeStart", previous.lastReceivedAt())
                .buildOncePerEpisode(now);
        return Step.of(next, resolved);
    }

    /**
     * At {@code now}: an ACTIVE finding if the device has just become silent (the activity is then marked
     * silent), else nothing. {@code deviceStatus} and {@code hubStatus} are the latest status reports, if any.
     */
    public Optional<Step<Activity>> check(Activity activity, Optional<DeviceStatus> deviceStatus,
            Optional<DeviceStatus> hubStatus, Instant now) {
        if (activity.silent() || Duration.between(activity.lastReceivedAt(), now).compareTo(silence) <= 0) {
            return Optional.empty();
        }
        String cause;
        Instant offlineSince = null;
        if (hubStatus.filter(s -> Boolean.FALSE.equals(s.online())).isPresent()) {
            cause = "hub-offline";
            offlineSince = hubStatus.get().receivedAt();
        } else if (deviceStatus.filter(s -> Boolean.FALSE.equals(s.online())).isPresent()) {
            cause = "device-offline";
            offlineSince = deviceStatus.get().receivedAt();
        } else {
            cause = "no-readings";
        }
        long minutes = Duration.between(activity.lastReceivedAt(), now).toMinutes();
        String explanation = switch (cause) {
            case "hub-offline" -> "the hub relaying the device reported offline";
            case "device-offline" -> "the device reported offline";
            default -> "no readings received while the device and its hub report no fault";
        };
        Finding finding = FindingDraft.active(this, activity.patientId()).severity(severity)
                .devices(List.of(activity.deviceId())).window(activity.lastReceivedAt(), now)
                .summary(description + ": nothing for " + minutes + " min, " + explanation)
                .detail("kind", "no-data").detail("cause", cause).detail("silentMinutes", minutes)
                .detail("lastMeasuredAt", activity.lastMeasuredAt()).detail("offlineSince", offlineSince)
                .detail("hubId", activity.hubId()).detail("episodeStart", activity.lastReceivedAt())
                .detail("source", source)
                .buildOncePerEpisode(now);
        Activity silent = new Activity(activity.patientId(), activity.deviceId(), activity.hubId(),
                activity.lastReceivedAt(), activity.lastMeasuredAt(), true);
        return Optional.of(Step.of(silent, finding));
    }
}
