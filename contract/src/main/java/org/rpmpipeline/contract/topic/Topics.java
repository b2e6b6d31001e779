package org.rpmpipeline.contract.topic;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertTimer;
import org.rpmpipeline.contract.alert.AuditEvent;
import org.rpmpipeline.contract.alert.Notification;
import org.rpmpipeline.contract.device.DeviceBinding;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.json.JsonSerde;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.vital.Reading;

/** The one catalogue of Kafka topics. Code never spells a topic name anywhere else. */
public final class Topics {
    private static final Serde<String> KEY = Serdes.String();

    /** Normalized readings, keyed by patient id (every rule for a patient sees one partition). */
    public static final Topic<String, Reading> READINGS = json("rpm.readings", Reading.class, false);
    /** Dead letters from the gateway, keyed by device id (or the MQTT topic when no device id parsed). */
    public static final Topic<String, RejectedMessage> REJECTED = json("rpm.rejected", RejectedMessage.class, false);
    /** Rule results, keyed by patient id. */
    public static final Topic<String, Finding> FINDINGS = json("rpm.findings", Finding.class, false);
    /** Alert lifecycle events, keyed by patient id. */
    public static final Topic<String, Alert> ALERTS = json("rpm.alerts", Alert.class, false);
    /**
     * Snoozes and escalation progress of the alert service, compacted, keyed by {@link AlertTimer#key()}; read
     * on partition assignment so a restart neither forgets a snooze nor repeats or skips an escalation step.
     * Deleted entries (an escalation that ended) are tombstones.
     */
    public static final Topic<String, AlertTimer> ALERT_TIMERS = json("rpm.alert-timers", AlertTimer.class, true);
    /** FHIR R4 Observation JSON, keyed by the Observation's deterministic identifier. */
    public static final Topic<String, String> OBSERVATIONS =
            new Topic<>("rpm.observations", KEY, Serdes.String(), false);
    /**
     * FHIR R4 resources other than Observations (DetectedIssue, RiskAssessment, Communication) as JSON, waiting
     * for delivery to the FHIR server; keyed by {@code ResourceType/identifier-value}.
     */
    public static final Topic<String, String> FHIR_RESOURCES =
            new Topic<>("rpm.fhir-resources", KEY, Serdes.String(), false);
    /** Notifications sent, keyed by alert id. */
    public static final Topic<String, Notification> NOTIFICATIONS =
            json("rpm.notifications", Notification.class, false);
    /**
     * Each notification a channel delivered, keyed by patient id, written outside any transaction as soon as the
     * channel accepted it; the alert service reads it back on partition assignment so that work it repeats (a
     * retried batch, findings re-read after a crash) does not deliver a notification again. Kept for the broker's
     * retention (7 days by default), not compacted.
     */
    public static final Topic<String, Notification> NOTIFICATION_DELIVERIES =
            json("rpm.notification-deliveries", Notification.class, false);
    /** Notifications a channel failed to deliver after all its attempts, keyed by alert id. */
    public static final Topic<String, Notification> NOTIFICATIONS_DEAD_LETTER =
            json("rpm.notifications.dead-letter", Notification.class, false);
    /** Device to patient bindings, compacted, keyed by device id. */
    public static final Topic<String, DeviceBinding> DEVICES = json("rpm.devices", DeviceBinding.class, true);
    /** Device and hub health, compacted, keyed by device id. */
    public static final Topic<String, DeviceStatus> DEVICE_STATUS =
            json("rpm.device-status", DeviceStatus.class, true);
    /** Per-patient rule settings (personal thresholds, NEWS2 SpO2 scale), compacted, keyed by patient id. */
    public static final Topic<String, PatientThresholds> PATIENT_THRESHOLDS =
            json("rpm.patient-thresholds", PatientThresholds.class, true);
    /** Daily measurement adherence per patient (rolling reading-day counts), keyed by patient id. */
    public static final Topic<String, AdherenceRecord> ADHERENCE =
            json("rpm.adherence", AdherenceRecord.class, false);
    /** Who did what, keyed by subject id. */
    public static final Topic<String, AuditEvent> AUDIT = json("rpm.audit", AuditEvent.class, false);

    private Topics() {
    }

    /** Every topic, for creating them on a fresh cluster. */
    public static List<Topic<?, ?>> all() {
        return List.of(READINGS, REJECTED, FINDINGS, ALERTS, OBSERVATIONS, NOTIFICATIONS, DEVICES, DEVICE_STATUS,
                AUDIT, FHIR_RESOURCES, PATIENT_THRESHOLDS, NOTIFICATIONS_DEAD_LETTER, ADHERENCE,
                ALERT_TIMERS, NOTIFICATION_DELIVERIES);
    }

    private static <V> Topic<String, V> json(String name, Class<V> type, boolean compacted) {
        return new Topic<>(name, KEY, JsonSerde.of(type), compacted);
    }
}
