package org.rpmpipeline.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.vital.GattQualifiers;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.VitalType;
import org.rpmpipeline.processor.Readings;

class SignalQualityTest {
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");

    @Test
    void deviceStatusBitsThatMakeTheValueUnreliableAreFlagged() {
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.SPO2, "84", T0), Map.of(
                GattQualifiers.PLX_DEVICE_STATUS, "extended-display-update,low-perfusion,sensor-displaced",
                GattQualifiers.PLX_STATUS, "measurement-ongoing,questionable"))))
                .containsExactly("ble.plx.status=questionable", "ble.plx.device-status=low-perfusion",
                        "ble.plx.device-status=sensor-displaced");
        assertThat(SignalQuality.flags(Readings.qualified(Readings.bloodPressure("230", "100", T0),
                Map.of(GattQualifiers.BP_STATUS, "body-movement,cuff-loose,improper-position"))))
                .hasSize(3);
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.HEART_RATE, "140", T0),
                Map.of(GattQualifiers.CONTACT, "not-detected")))).containsExactly("ble.contact=not-detected");
    }

    @Test
    void clinicalOrNeutralBitsAreNotFlagged() {
        assertThat(SignalQuality.flags(Readings.qualified(Readings.bloodPressure("230", "100", T0),
                Map.of(GattQualifiers.BP_STATUS, "irregular-pulse,pulse-above-range")))).isEmpty();
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.HEART_RATE, "140", T0),
                Map.of(GattQualifiers.CONTACT, "detected")))).isEmpty();
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.SPO2, "84", T0),
                Map.of(GattQualifiers.PLX_STATUS, "measurement-ongoing")))).isEmpty();
        assertThat(SignalQuality.flags(Readings.of(VitalType.SPO2, "84", T0))).isEmpty();
    }

    @Test
    void unreliableThresholdFindingIsCappedAtModerate() {
        ThresholdRule spo2 = (ThresholdRule) RuleSetLoader.loadDefault().rule("spo2-low").orElseThrow();
        assertThat(spo2.evaluateUnreliable(Readings.of(VitalType.SPO2, "84", T0), Evaluation.onTime(T0),
                List.of("ble.plx.device-status=low-perfusion"))).hasValueSatisfying(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.MODERATE);
                    assertThat(f.details()).containsEntry("signalQuality", "ble.plx.device-status=low-perfusion")
                            .containsEntry("bandSeverity", "critical");
                });
        assertThat(spo2.evaluateUnreliable(Readings.of(VitalType.SPO2, "97", T0), Evaluation.onTime(T0),
                List.of("ble.plx.device-status=low-perfusion"))).isEmpty();
    }

    @Test
    void glucoseStatusBitsThatSpoilTheSampleAreFlaggedButMeterLimitsAreNot() {
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.GLUCOSE, "48", T0), Map.of(
                GattQualifiers.GLUCOSE_STATUS, "battery-low,sample-size-insufficient,strip-insertion-error"))))
                .containsExactly("ble.glucose.status=sample-size-insufficient",
                        "ble.glucose.status=strip-insertion-error");
        // the true value lies beyond the meter's limit, in the direction the rule alerts on: still a patient value
        assertThat(SignalQuality.flags(Readings.qualified(Readings.of(VitalType.GLUCOSE, "20", T0),
                Map.of(GattQualifiers.GLUCOSE_STATUS, "result-too-low,time-fault")))).isEmpty();
    }

    @Test
    void aControlSolutionTestIsNoPatientValue() {
        assertThat(SignalQuality.isControlSolution(Readings.qualified(Readings.of(VitalType.GLUCOSE, "120", T0),
                Map.of(GattQualifiers.GLUCOSE_CONTROL_SOLUTION, "true")))).isTrue();
        assertThat(SignalQuality.isControlSolution(Readings.of(VitalType.GLUCOSE, "120", T0))).isFalse();
    }
}
