package org.rpmpipeline.alerts.fhir;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.rpmpipeline.contract.Ids;

/**
 * The patients and devices the resources of this service reference, and the minimal Patient and Device resources
 * that make those references resolve on the target server: an opaque identifier, nothing else (the pipeline knows
 * no demographics, and must carry no PHI; like Observations they carry no narrative, which every server would
 * parse again for each bundle that names them).
 *
 * <p>A reference is literal ({@code Patient/{logical id}}) and carries the identifier too. In a transaction
 * bundle the FHIR consumer creates the Patient or Device by conditional create on that identifier (so a server
 * that already has it keeps its own) and points the references at the entry's {@code urn:uuid} full URL, which the
 * server replaces with the id it holds ({@link FhirWriter}).
 */
public final class Participants {
    public static final String PATIENT_SYSTEM = "urn:rpm-pipeline:patient";
    public static final String DEVICE_SYSTEM = "urn:rpm-pipeline:device";
    /** The R4 id datatype: an opaque id that fits it is used as the logical id unchanged. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private Participants() {
    }

    /**
     * The logical id of the resource for an opaque pipeline id: the id itself when it is a valid FHIR id (e.g.
     * {@code patient-0002}), else a name-based UUID of it (opaque ids may hold {@code _} or {@code :} and be up to
     * 128 characters).
     */
    public static String logicalId(String opaqueId) {
        return FHIR_ID.matcher(opaqueId).matches() ? opaqueId : Ids.deterministic("fhir-id", opaqueId);
    }

    public static Reference patient(String patientId) {
        return reference("Patient", PATIENT_SYSTEM, patientId);
    }

    public static Reference device(String deviceId) {
        return reference("Device", DEVICE_SYSTEM, deviceId);
    }

    /** The full URL of the Patient's entry in a transaction bundle (the same for every bundle). */
    public static String patientFullUrl(String patientId) {
        return "urn:uuid:" + Ids.deterministic(PATIENT_SYSTEM, patientId);
    }

    public static String deviceFullUrl(String deviceId) {
        return "urn:uuid:" + Ids.deterministic(DEVICE_SYSTEM, deviceId);
    }

    /** The literal reference to the Patient, as the resources on Kafka carry it. */
    public static String patientReference(String patientId) {
        return "Patient/" + logicalId(patientId);
    }

    public static String deviceReference(String deviceId) {
        return "Device/" + logicalId(deviceId);
    }

    public static Patient patientResource(String patientId) {
        Patient patient = new Patient();
        patient.setId(logicalId(patientId));
        patient.addIdentifier(new Identifier().setSystem(PATIENT_SYSTEM).setValue(patientId));
        return patient;
    }

    public static Device deviceResource(String deviceId) {
        Device device = new Device();
        device.setId(logicalId(deviceId));
        device.addIdentifier(new Identifier().setSystem(DEVICE_SYSTEM).setValue(deviceId));
        return device;
    }

    /** {@link #patientResource} as compact JSON, written directly (the FHIR consumer adds it to every bundle). */
    public static String patientJson(String patientId) {
        return json("Patient", PATIENT_SYSTEM, patientId);
    }

    /** {@link #deviceResource} as compact JSON, written directly. */
    public static String deviceJson(String deviceId) {
        return json("Device", DEVICE_SYSTEM, deviceId);
    }

    private static Reference reference(String type, String system, String opaqueId) {
        return new Reference(type + "/" + logicalId(Ids.require("id", opaqueId)))
                .setIdentifier(new Identifier().setSystem(system).setValue(opaqueId));
    }

    private static String json(String type, String system, String opaqueId) {
        return "{\"resourceType\":\"" + type + "\",\"id\":" + quote(logicalId(opaqueId))
                + ",\"identifier\":[{\"system\":" + quote(system) + ",\"value\":" + quote(opaqueId) + "}]}";
    }

    static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
