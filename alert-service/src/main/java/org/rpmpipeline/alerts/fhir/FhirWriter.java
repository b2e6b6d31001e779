package org.rpmpipeline.alerts.fhir;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Delivers resources to a FHIR server as one transaction bundle per batch, built so that every reference in it
 * resolves on the server and every entry is idempotent on retry:
 * <ul>
 *   <li>each patient and device the resources reference gets a minimal Patient or Device entry, a conditional
 *       create ({@code ifNoneExist} on its pipeline identifier) with a {@code urn:uuid} full URL, and the
 *       references to it are rewritten to that URL: the server points them at the resource it holds, whether it
 *       just created it or already had it (with an id of its own);</li>
 *   <li>each evidence Observation an alert resource references that is not itself in the bundle gets a
 *       registered placeholder the same way ({@link EvidenceStub});</li>
 *   <li>an Observation is a conditional update on its identifier ({@code PUT Observation?identifier=...}, sent
 *       without the logical id, which may be a placeholder's server-assigned one): it creates the Observation or
 *       replaces its placeholder, and a redelivery changes nothing;</li>
 *   <li>a DetectedIssue (whose state changes) is a conditional update on its identifier keeping its logical id,
 *       which Communications reference (so the server must accept client-assigned ids, as HAPI's JPA server does
 *       by default); a RiskAssessment or Communication a conditional create.</li>
 * </ul>
 * A patient or device is sent that way the first time this writer sees it; the server's answer says where it keeps
 * it ({@code Patient/123}), and later bundles reference that directly instead of carrying the entry again (up to
 * {@value #MAX_KNOWN_PARTICIPANTS} remembered). If a bundle that relied on them is refused, the writer forgets
 * them all and sends it once more with the entries, so a server that lost one gets it back.
 * Adds {@code Authorization: Bearer} from its {@link TokenSource} (a fixed token or OAuth2 client credentials).
 */
public final class FhirWriter {
    private static final String REFERENCE_FIELD = "\"reference\":\"";
    /** Patients and devices remembered with the reference the server gave them (bounded, least recently used out). */
    static final int MAX_KNOWN_PARTICIPANTS = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final TokenSource tokens;
    private final Duration timeout;
    private final HttpClient http;
    /** Full URL of a patient's or device's entry to where the server keeps it ({@code Patient/123}). */
    private final Map<String, String> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_KNOWN_PARTICIPANTS;
        }
    };

    public FhirWriter(URI baseUrl, Optional<String> bearerToken, Duration timeout) {
        this(baseUrl, bearerToken.map(TokenSource::fixed).orElseGet(TokenSource::none), timeout);
    }

    public FhirWriter(URI baseUrl, TokenSource tokens, Duration timeout) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * A resource already encoded as JSON, with what its transaction entries need: delivering these skips a parse
     * and a re-encode per resource.
     *
     * @param patientId the pipeline patient id the resource references, or {@code null}
     * @param deviceIds the pipeline device ids it references
     * @param evidence the evidence Observations it references
     */
    public record EncodedResource(String type, String identifierSystem, String identifierValue, String json,
            String patientId, List<String> deviceIds, List<EvidenceStub> evidence) {
        public EncodedResource {
            deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        /** A resource whose references are left as they are (no Patient, Device or placeholder entries). */
        public EncodedResource(String type, String identifierSystem, String identifierValue, String json) {
            this(type, identifierSystem, identifierValue, json, null, List.of(), List.of());
        }

        /** {@code resource} encoded, with the patient and devices it references by pipeline identifier. */
        public static EncodedResource of(Resource resource) {
            Identifier identifier = identifierOf(resource);
            String patient = null;
            Set<String> devices = new LinkedHashSet<>();
            for (Reference reference : Fhir.context().newTerser().getAllPopulatedChildElementsOfType(resource,
                    Reference.class)) {
                Identifier target = reference.getIdentifier();
                if (Participants.PATIENT_SYSTEM.equals(target.getSystem())) {
                    patient = target.getValue();
                } else if (Participants.DEVICE_SYSTEM.equals(target.getSystem())) {
                    devices.add(target.getValue());
                }
            }
            return new EncodedResource(resource.fhirType(), identifier.getSystem(), identifier.getValue(),
                    Fhir.toJson(resource), patient, List.copyOf(devices), List.of());
        }
    }

    /** The transaction bundle for {@code resources}, in order (see {@link #transactionJson}). */
    public static Bundle transaction(Collection<Resource> resources) {
        return Fhir.context().newJsonParser().parseResource(Bundle.class,
                transactionJson(resources.stream().map(EncodedResource::of).toList()));
    }

    /**
     * The transaction bundle JSON for already encoded resources: first the Patient and Device entries, then the
     * evidence placeholders, then the resources in order.
     */
    public static String transactionJson(Collection<EncodedResource> resources) {
        return assemble(resources, Map.of()).json();
    }

    /**
     * A transaction bundle and what its answer teaches: the full URLs of its Patient and Device entries (the first
     * entries, in order), and whether it referenced patients or devices {@code known} from earlier answers.
     */
    record Assembled(String json, List<String> participantUrls, boolean usedKnown) {
    }

    /** The transaction for {@code resources}, referencing the participants in {@code known} directly. */
    static Assembled assemble(Collection<EncodedResource> resources, Map<String, String> known) {
        Map<String, String> rewrites = new HashMap<>();
        boolean usedKnown = false;
        Map<String, String> participants = new LinkedHashMap<>(); // full URL -> entry
        Set<String> held = new HashSet<>();
        for (EncodedResource r : resources) {
            if (r.type().equals("Observation")) {
                held.add(r.identifierSystem() + "|" + r.identifierValue());
            }
        }
        Map<String, String> stubs = new LinkedHashMap<>();
        int size = 64;
        for (EncodedResource r : resources) {
            size += r.json().length() + 2 * r.identifierValue().length() + 200;
            if (r.patientId() != null) {
                String fullUrl = Participants.patientFullUrl(r.patientId());
                String where = known.get(fullUrl);
                if (where != null) {
                    rewrites.put(Participants.patientReference(r.patientId()), where);
                    usedKnown = true;
                } else if (!participants.containsKey(fullUrl)) {
                    rewrites.put(Participants.patientReference(r.patientId()), fullUrl);
                    participants.put(fullUrl, postEntry(fullUrl, Participants.patientJson(r.patientId()),
                            "Patient", Participants.PATIENT_SYSTEM, r.patientId()));
                }
            }
            for (String device : r.deviceIds()) {
                String fullUrl = Participants.deviceFullUrl(device);
                String where = known.get(fullUrl);
                if (where != null) {
                    rewrites.put(Participants.deviceReference(device), where);
                    usedKnown = true;
                } else if (!participants.containsKey(fullUrl)) {
                    rewrites.put(Participants.deviceReference(device), fullUrl);
                    participants.put(fullUrl, postEntry(fullUrl, Participants.deviceJson(device), "Device",
                            Participants.DEVICE_SYSTEM, device));
                }
            }
            for (EvidenceStub stub : r.evidence()) {
                ObservationIds ids = stub.ids();
                String fullUrl = "urn:uuid:" + ids.resourceId();
                rewrites.put("Observation/" + ids.resourceId(), fullUrl);
                if (r.patientId() != null && !held.contains(ids.system() + "|" + ids.value())
                        && !stubs.containsKey(fullUrl)) {
                    stubs.put(fullUrl, postEntry(fullUrl, Fhir.toJson(stub.resource(r.patientId())),
                            "Observation", ids.system(), ids.value()));
                }
            }
        }
        for (String entry : participants.values()) {
            size += entry.length();
        }
        // sized once: a bundle of 2,000 Observations is megabytes, and every regrowth copies it all
        StringBuilder out = new StringBuilder(size);
        out.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        boolean first = true;
        for (String entry : participants.values()) {
            out.append(first ? "" : ",").append(entry);
            first = false;
        }
        for (String entry : stubs.values()) {
            out.append(first ? "" : ",");
            appendRewritten(out, entry, null, rewrites); // a placeholder references the patient too
            first = false;
        }
        for (EncodedResource r : resources) {
            String condition = "identifier=" + r.identifierSystem() + "|" + r.identifierValue();
            boolean observation = r.type().equals("Observation");
            out.append(first ? "" : ",").append('{');
            if (observation) {
                // a full URL lets the bundle's references point at it; HAPI's parser makes a full URL the entry's
                // id, so the resources that keep their logical id (DetectedIssue) go without
                out.append("\"fullUrl\":").append(quote(fullUrlOf(r))).append(',');
            }
            out.append("\"resource\":");
            appendRewritten(out, r.json(), observation ? idOf(r.json(), r.type()) : null, rewrites);
            out.append(",\"request\":");
            if (observation || r.type().equals("DetectedIssue")) {
                out.append("{\"method\":\"PUT\",\"url\":").append(quote(r.type() + "?" + condition)).append('}');
            } else {
                out.append("{\"method\":\"POST\",\"url\":").append(quote(r.type())).append(",\"ifNoneExist\":")
                        .append(quote(condition)).append('}');
            }
            out.append('}');
            first = false;
        }
        return new Assembled(out.append("]}").toString(), List.copyOf(participants.keySet()), usedKnown);
    }

    private static String postEntry(String fullUrl, String json, String type, String system, String value) {
        return "{\"fullUrl\":" + quote(fullUrl) + ",\"resource\":" + json + ",\"request\":{\"method\":\"POST\",\"url\":"
                + quote(type) + ",\"ifNoneExist\":" + quote("identifier=" + system + "|" + value) + "}}";
    }

    /** The entry's full URL: the resource's logical id as a {@code urn:uuid} (ours are all name-based UUIDs). */
    private static String fullUrlOf(EncodedResource r) {
        String id = idOf(r.json(), r.type());
        if (id != null && UUID_TEXT.matcher(id).matches()) {
            return "urn:uuid:" + id;
        }
        return "urn:uuid:" + org.rpmpipeline.contract.Ids.deterministic(r.identifierSystem(), r.identifierValue());
    }

    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * The logical id as HAPI's encoder writes it, right after the resource type; {@code null} when the JSON does
     * not start that way (a resource written by someone else: it is then sent as it is).
     */
    private static String idOf(String json, String type) {
        String prefix = "{\"resourceType\":\"" + type + "\",\"id\":\"";
        if (!json.startsWith(prefix)) {
            return null;
        }
        int end = json.indexOf('"', prefix.length());
        return end < 0 ? null : json.substring(prefix.length(), end);
    }

    /**
     * Appends {@code json}, without its logical id if {@code dropId} is it, with every reference found in
     * {@code rewrites} replaced by its full URL.
     */
    private static void appendRewritten(StringBuilder out, String json, String dropId, Map<String, String> rewrites) {
        int from = 0;
        if (dropId != null) {
            int idField = json.indexOf(",\"id\":\"");
            int after = idField + 7 + dropId.length() + 1; // ,"id":" + id + "
            out.append(json, 0, idField);
            from = after;
        }
        int at = json.indexOf(REFERENCE_FIELD, from);
        while (at >= 0) {
            int start = at + REFERENCE_FIELD.length();
            int end = json.indexOf('"', start);
            if (end < 0) {
                break;
            }
            String target = rewrites.get(json.substring(start, end));
            if (target != null) {
                out.append(json, from, start).append(target);
                from = end;
            }
            at = json.indexOf(REFERENCE_FIELD, end);
        }
        out.append(json, from, json.length());
    }

    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Posts already encoded resources as one transaction; see {@link #deliver(Collection)}. */
    public void deliverEncoded(Collection<EncodedResource> resources) throws FhirDeliveryException {
        if (resources.isEmpty()) {
            return;
        }
        synchronized (known) {
            Assembled bundle = assemble(resources, known);
            try {
                learn(bundle, post(bundle.json()));
            } catch (FhirDeliveryException e) {
                if (e.retriable() || !bundle.usedKnown()) {
                    throw e;
                }
                // the server may have lost a patient or device it had: send them all again
                known.clear();
                Assembled full = assemble(resources, Map.of());
                learn(full, post(full.json()));
            }
        }
    }

    /** Remembers where the server keeps the bundle's patients and devices (its answer's first locations). */
    private void learn(Assembled bundle, String response) {
        if (bundle.participantUrls().isEmpty()) {
            return;
        }
        try {
            JsonNode entries = JSON.readTree(response).path("entry");
            for (int i = 0; i < bundle.participantUrls().size() && i < entries.size(); i++) {
                String location = entries.get(i).path("response").path("location").asText(null);
                if (location != null && !location.isBlank()) {
                    known.put(bundle.participantUrls().get(i), new IdType(location).toUnqualifiedVersionless()
                            .getValue());
                }
            }
        } catch (IOException e) {
            // an answer we cannot read teaches nothing: the entries are sent again next time
        }
    }

    /**
     * Posts {@code resources} as one transaction (with their Patient and Device entries). Returns normally when the
     * server accepted it; throws {@link FhirDeliveryException} saying whether a retry can help.
     */
    public void deliver(Collection<Resource> resources) throws FhirDeliveryException {
        deliverEncoded(resources.stream().map(EncodedResource::of).toList());
    }

    private String post(String bundleJson) throws FhirDeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl).timeout(timeout)
                .header("Content-Type", Fhir.JSON_MEDIA_TYPE).header("Accept", Fhir.JSON_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(bundleJson));
        HttpResponse<String> response;
        try {
            Optional<String> token = tokens.token();
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FhirDeliveryException("FHIR server or token endpoint unreachable: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirDeliveryException("interrupted", true, e);
        }
        int status = response.statusCode();
        if (status == 401) {
            tokens.invalidate();
        }
        if (status / 100 != 2) {
            boolean retriable = status >= 500 || status == 408 || status == 429 || status == 401 || status == 403;
            throw new FhirDeliveryException("FHIR server answered " + status, retriable, null);
        }
        return response.body();
    }

    static Identifier identifierOf(Resource resource) {
        var property = resource.getNamedProperty("identifier");
        if (property == null || !property.hasValues()) {
            throw new IllegalArgumentException(resource.fhirType() + " has no identifier to make it idempotent");
        }
        return (Identifier) property.getValues().get(0);
    }

    /** The base URL resources go to. */
    public URI baseUrl() {
        return baseUrl;
    }
}
