package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.alerts.fhir.AlertResourceMapper.EvidenceRef;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.alert.Alert;
import org.rpmpipeline.contract.alert.AlertState;
import org.rpmpipeline.contract.finding.Evidence;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * The Observation identity, pinned to literal values: a change of the rule (or of the reading id the gateway
 * derives, which it rests on) shows here, because a changed identity duplicates every Observation replayed after
 * an upgrade.
 */
class ObservationIdentityTest {
    private static final Instant AT = Instant.parse("2026-03-15T08:30:00Z");
    private final ObservationMapper mapper = new ObservationMapper();

    /** A heart-rate reading as the gateway makes it from a JSON message with this discriminator. */
    private static Reading heartRate(String discriminator, String value) {
        return new Reading(Schema.VERSION, Reading.idFor("hr-1", VitalType.HEART_RATE, AT, discriminator), "pat-9",
                "hr-1", "hub-7", VitalType.HEART_RATE, new BigDecimal(value), "/min", null, null, AT,
                AT.plusMillis(400), TimeSource.DEVICE, null, null);
    }

    @Test
    void twoReadingsInTheSameSecondWithDifferentDeviceRecordIdsAreTwoObservations() {
        Observation first = mapper.map(heartRate("id=17", "77"));
        Observation second = mapper.map(heartRate("id=18", "95"));

        assertThat(first.getIdentifierFirstRep().getSystem()).isEqualTo("urn:rpm-pipeline:reading");
        assertThat(first.getIdentifierFirstRep().getValue()).isEqualTo("7b2d4b7d-48d5-3d6a-8860-632fc8aa053b");
        assertThat(first.getIdElement().getIdPart()).isEqualTo("6227b6d0-e019-3175-a7ae-496b3d8e3e44");
        assertThat(second.getIdentifierFirstRep().getValue()).isEqualTo("b5c17640-e52a-3dc5-aa36-53526f021ea1");
        assertThat(second.getIdElement().getIdPart()).isEqualTo("4100c8ec-c342-31f7-bdfd-2623b0531e31");
    }

    @Test
    void withoutADeviceRecordIdTheValuesTellTwoReadingsInTheSameSecondApart() {
        assertThat(mapper.map(heartRate("value=77", "77")).getIdentifierFirstRep().getValue())
                .isEqualTo("2aa0c025-2b18-399e-b1bd-464851321c0c");
        assertThat(mapper.map(heartRate("value=95", "95")).getIdentifierFirstRep().getValue())
                .isEqualTo("f3eb56bd-5ef4-3454-8329-f5c4454c9f53");
    }

    /**
     * The readings the gateway's own golden test pins for two JSON messages in the same second (ReadingIdGoldenTest:
     * one without a device record id, known by its value; one with {@code "id":"rec-17"}), and the Observations
     * they become: identifier value the reading id, logical id a name-based UUID of system and value.
     */
    @Test
    void theGatewaysPinnedReadingsBecomeThesePinnedObservations() {
        Instant at = Instant.parse("2026-03-01T11:59:00Z");
        Reading byValue = spo2(Reading.idFor("ox-1", VitalType.SPO2, at, "value=97"), at);
        Reading byRecordId = spo2(Reading.idFor("ox-1", VitalType.SPO2, at, "id=rec-17"), at);

        assertThat(byValue.readingId()).isEqualTo("c8f59337-3403-3a91-baa7-a4c50ce4f48e");
        assertThat(byRecordId.readingId()).isEqualTo("ee1fdac1-e071-31d7-8409-74c6ecb59604");
        Observation fromValue = mapper.map(byValue);
        Observation fromRecordId = mapper.map(byRecordId);
        assertThat(fromValue.getIdentifierFirstRep().getSystem()).isEqualTo("urn:rpm-pipeline:reading");
        assertThat(fromValue.getIdentifierFirstRep().getValue()).isEqualTo("c8f59337-3403-3a91-baa7-a4c50ce4f48e");
        assertThat(fromValue.getIdElement().getIdPart()).isEqualTo("65f3f3a0-c1f9-3a8d-90ca-e3ed637f53f6");
        assertThat(fromRecordId.getIdentifierFirstRep().getValue())
                .isEqualTo("ee1fdac1-e071-31d7-8409-74c6ecb59604");
        assertThat(fromRecordId.getIdElement().getIdPart()).isEqualTo("cd482750-1de1-33ff-8e40-d3e4ce4b1aa5");
    }

    private static Reading spo2(String readingId, Instant at) {
        return new Reading(Schema.VERSION, readingId, "pat-1", "ox-1", null, VitalType.SPO2, new BigDecimal("97"),
                "%", null, null, at, at, TimeSource.DEVICE, null, null);
    }

    @Test
    void aRedeliveredOrReplayedReadingKeepsItsIdentityEvenIfReceivedLater() {
        Reading original = heartRate("id=17", "77");
        Reading redelivered = new Reading(Schema.VERSION, original.readingId(), "pat-9", "hr-1", "hub-7",
                VitalType.HEART_RATE, new BigDecimal("77"), "/min", null, null, AT, AT.plusSeconds(90),
                TimeSource.DEVICE, null, null);

        assertThat(mapper.map(redelivered).getIdElement().getIdPart())
                .isEqualTo("6227b6d0-e019-3175-a7ae-496b3d8e3e44");
        assertThat(mapper.map(redelivered).getIdentifierFirstRep().getValue())
                .isEqualTo(mapper.map(original).getIdentifierFirstRep().getValue());
    }

    @Test
    void bloodPressureComponentEvidenceReferencesThePanelObservation() {
        Reading panel = new Reading(Schema.VERSION, Reading.idFor("bp-1", VitalType.BLOOD_PRESSURE, AT,
                "systolic-bp=150;diastolic-bp=95"), "pat-9", "bp-1", null, VitalType.BLOOD_PRESSURE, null, null,
                null, List.of(Component.of(VitalType.SYSTOLIC_BP, new BigDecimal("150")),
                        Component.of(VitalType.DIASTOLIC_BP, new BigDecimal("95"))), AT, AT, TimeSource.DEVICE,
                null, null);
        Finding finding = new Finding(Schema.VERSION, "f-1", "systolic-bp-high", 1, Severity.HIGH,
                FindingStatus.ACTIVE, "pat-9", List.of("bp-1"), AT, AT, List.of(new Evidence(panel.readingId(),
                        VitalType.SYSTOLIC_BP, new BigDecimal("150"), "mm[Hg]", AT)), new BigDecimal("150"),
                "systolic high", AT, false, Map.of());
        Alert alert = new Alert(Schema.VERSION, "alert-1", "pat-9", "systolic-bp-high", Severity.HIGH,
                AlertState.OPEN, List.of("f-1"), new BigDecimal("150"), "systolic high", AT, AT, "system");

        DetectedIssue issue = new AlertResourceMapper().detectedIssue(alert, EvidenceRef.of(finding));

        assertThat(mapper.map(panel).getIdElement().getIdPart()).isEqualTo("da38c59e-ffcd-3d55-9543-3aaa7704b2c8");
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getReference())
                .isEqualTo("Observation/da38c59e-ffcd-3d55-9543-3aaa7704b2c8");
        assertThat(issue.getEvidenceFirstRep().getDetailFirstRep().getIdentifier().getValue())
                .isEqualTo("2a053ea9-c72c-3954-aa4b-485fc108b5ac");
    }

    @Test
    void participantsKeepAValidOpaqueIdAsTheirLogicalIdAndHashTheOthers() {
        assertThat(Participants.patient("pat-9").getReference()).isEqualTo("Patient/pat-9");
        assertThat(Participants.patient("pat_9:x").getReference())
                .isEqualTo("Patient/eae1cb2d-3330-3ddb-9a16-7d42fd0799de");
        assertThat(Participants.patient("pat_9:x").getIdentifier().getValue()).isEqualTo("pat_9:x");
        assertThat(Participants.patientFullUrl("pat-9")).isEqualTo("urn:uuid:b2106c5c-37f7-3db8-b48f-088952326511");
        assertThat(Participants.deviceFullUrl("hub-7")).isEqualTo("urn:uuid:a90d7651-0f97-39d4-bbc4-7a360a354788");
    }
}
