package org.rpmpipeline.alerts.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * Compact JSON of the Observations {@link ObservationMapper#map} builds, written straight with Jackson's streaming
 * generator instead of HAPI's encoder: one Observation per reading is the alert service's hottest path, and HAPI's
 * generic encoder (definition lookups, child iteration, emptiness checks on every element) took about three
 * quarters of that thread's time.
 *
 * <p>The output is the very text HAPI's JSON parser writes for the same resource: elements in the R4 definition's
 * order, decimals as HAPI writes them, primitives as their stored string. {@code ObservationJsonTest} compares the
 * two byte for byte for every vital and shape the mapper produces. An Observation with anything else in it (an
 * element this writer does not know, an element id, an extension on a primitive) is not written here:
 * {@link #encode} returns empty and the caller uses HAPI.
 */
public final class ObservationJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ObservationJson() {
    }

    /** The Observation's compact JSON, or empty when it holds anything this writer does not write. */
    public static Optional<String> encode(Observation observation) {
        if (!supported(observation)) {
            return Optional.empty();
        }
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, observation);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return Optional.of(out.toString());
    }

    private static void write(JsonGenerator json, Observation o) throws IOException {
        json.writeStartObject();
        json.writeStringField("resourceType", "Observation");
        if (o.hasIdElement()) {
            json.writeStringField("id", o.getIdElement().getIdPart());
        }
        if (o.hasMeta()) {
            json.writeFieldName("meta");
            json.writeStartObject();
            json.writeArrayFieldStart("profile");
            for (CanonicalType profile : o.getMeta().getProfile()) {
                json.writeString(profile.getValueAsString());
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        if (o.hasExtension()) {
            json.writeArrayFieldStart("extension");
            for (Extension extension : o.getExtension()) {
                json.writeStartObject();
                json.writeStringField("url", extension.getUrl());
                json.writeFieldName("valueReference");
                reference(json, (Reference) extension.getValue());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (o.hasIdentifier()) {
            json.writeArrayFieldStart("identifier");
            for (Identifier identifier : o.getIdentifier()) {
                identifier(json, identifier);
            }
            json.writeEndArray();
        }
        if (o.hasStatus()) {
            json.writeStringField("status", o.getStatusElement().getValueAsString());
        }
        concepts(json, "category", o.getCategory());
        if (o.hasCode()) {
            json.writeFieldName("code");
            concept(json, o.getCode());
        }
        if (o.hasSubject()) {
            json.writeFieldName("subject");
            reference(json, o.getSubject());
        }
        if (o.hasEffective()) {
            json.writeStringField("effectiveDateTime", o.getEffectiveDateTimeType().getValueAsString());
        }
        if (o.hasIssued()) {
            json.writeStringField("issued", o.getIssuedElement().getValueAsString());
        }
        if (o.hasPerformer()) {
            json.writeArrayFieldStart("performer");
            for (Reference performer : o.getPerformer()) {
                reference(json, performer);
            }
            json.writeEndArray();
        }
        value(json, o.getValue());
        if (o.hasDataAbsentReason()) {
            json.writeFieldName("dataAbsentReason");
            concept(json, o.getDataAbsentReason());
        }
        concepts(json, "interpretation", o.getInterpretation());
        if (o.hasDevice()) {
            json.writeFieldName("device");
            reference(json, o.getDevice());
        }
        ranges(json, o.getReferenceRange());
        if (o.hasComponent()) {
            json.writeArrayFieldStart("component");
            for (ObservationComponentComponent component : o.getComponent()) {
                json.writeStartObject();
                json.writeFieldName("code");
                concept(json, component.getCode());
                value(json, component.getValue());
                if (component.hasDataAbsentReason()) {
                    json.writeFieldName("dataAbsentReason");
                    concept(json, component.getDataAbsentReason());
                }
                concepts(json, "interpretation", component.getInterpretation());
                ranges(json, component.getReferenceRange());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void value(JsonGenerator json, Type value) throws IOException {
        if (value instanceof Quantity quantity && !quantity.isEmpty()) {
            json.writeFieldName("valueQuantity");
            quantity(json, quantity);
        } else if (value instanceof CodeableConcept concept && !concept.isEmpty()) {
            json.writeFieldName("valueCodeableConcept");
            concept(json, concept);
        }
    }

    private static void ranges(JsonGenerator json, List<ObservationReferenceRangeComponent> ranges)
            throws IOException {
        if (ranges.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("referenceRange");
        for (ObservationReferenceRangeComponent range : ranges) {
            json.writeStartObject();
            if (range.hasLow()) {
                json.writeFieldName("low");
                quantity(json, range.getLow());
            }
            if (range.hasHigh()) {
                json.writeFieldName("high");
                quantity(json, range.getHigh());
            }
            if (range.hasType()) {
                json.writeFieldName("type");
                concept(json, range.getType());
            }
            string(json, "text", range.getText());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void concepts(JsonGenerator json, String name, List<CodeableConcept> concepts)
            throws IOException {
        if (concepts.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(name);
        for (CodeableConcept concept : concepts) {
            concept(json, concept);
        }
        json.writeEndArray();
    }

    private static void concept(JsonGenerator json, CodeableConcept concept) throws IOException {
        json.writeStartObject();
        if (concept.hasCoding()) {
            json.writeArrayFieldStart("coding");
            for (Coding coding : concept.getCoding()) {
                json.writeStartObject();
                string(json, "system", coding.getSystem());
                string(json, "code", coding.getCode());
                string(json, "display", coding.getDisplay());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        string(json, "text", concept.getText());
        json.writeEndObject();
    }

    private static void quantity(JsonGenerator json, Quantity quantity) throws IOException {
        json.writeStartObject();
        if (quantity.hasValue()) {
            json.writeFieldName("value");
            json.writeNumber(quantity.getValue());
        }
        string(json, "unit", quantity.getUnit());
        string(json, "system", quantity.getSystem());
        string(json, "code", quantity.getCode());
        json.writeEndObject();
    }

    /** A string element, left out when it is empty or blank, as HAPI leaves out an empty primitive. */
    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            json.writeStringField(name, value);
        }
    }

    private static void reference(JsonGenerator json, Reference reference) throws IOException {
        json.writeStartObject();
        string(json, "reference", reference.getReference());
        if (reference.hasIdentifier()) {
            json.writeFieldName("identifier");
            identifier(json, reference.getIdentifier());
        }
        json.writeEndObject();
    }

    private static void identifier(JsonGenerator json, Identifier identifier) throws IOException {
        json.writeStartObject();
        string(json, "system", identifier.getSystem());
        string(json, "value", identifier.getValue());
        json.writeEndObject();
    }

    // ---- what this writer covers: exactly the elements above, with no element ids or nested extensions ----

    private static boolean supported(Observation o) {
        if (o.hasText() || o.hasContained() || o.hasModifierExtension() || o.hasImplicitRules() || o.hasLanguage()
                || o.hasBasedOn() || o.hasPartOf() || o.hasFocus() || o.hasEncounter() || o.hasNote()
                || o.hasBodySite() || o.hasMethod() || o.hasSpecimen() || o.hasHasMember() || o.hasDerivedFrom()
                || o.getIdElement().hasVersionIdPart() || o.getIdElement().hasBaseUrl()) {
            return false;
        }
        if (o.hasMeta() && !plainMeta(o.getMeta())) {
            return false;
        }
        for (Extension extension : o.getExtension()) {
            if (!plainElement(extension) || !(extension.getValue() instanceof Reference r)
                    || !plain(r)) {
                return false;
            }
        }
        if (o.hasEffective() && !(o.getEffective() instanceof DateTimeType effective && plainElement(effective))) {
            return false;
        }
        if (!o.getIdentifier().stream().allMatch(ObservationJson::plain)
                || !o.getCategory().stream().allMatch(ObservationJson::plain)
                || o.hasCode() && !plain(o.getCode()) || o.hasSubject() && !plain(o.getSubject())
                || !plainElement(o.getStatusElement()) || !plainElement(o.getIssuedElement())
                || !o.getPerformer().stream().allMatch(ObservationJson::plain)
                || !plainValue(o.getValue()) || o.hasDataAbsentReason() && !plain(o.getDataAbsentReason())
                || !o.getInterpretation().stream().allMatch(ObservationJson::plain)
                || o.hasDevice() && !plain(o.getDevice())
                || !o.getReferenceRange().stream().allMatch(ObservationJson::plain)) {
            return false;
        }
        for (ObservationComponentComponent component : o.getComponent()) {
            if (!plainElement(component) || component.hasModifierExtension() || !component.hasCode()
                    || !plain(component.getCode()) || !plainValue(component.getValue())
                    || component.hasDataAbsentReason() && !plain(component.getDataAbsentReason())
                    || !component.getInterpretation().stream().allMatch(ObservationJson::plain)
                    || !component.getReferenceRange().stream().allMatch(ObservationJson::plain)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainMeta(Meta meta) {
        return !meta.hasVersionId() && !meta.hasLastUpdated() && !meta.hasSource() && !meta.hasSecurity()
                && !meta.hasTag() && !meta.hasId() && !meta.hasExtension() && meta.hasProfile()
                && meta.getProfile().stream().allMatch(ObservationJson::plainElement);
    }

    private static boolean plainValue(Type value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        return value instanceof Quantity quantity && plain(quantity)
                || value instanceof CodeableConcept concept && plain(concept);
    }

    private static boolean plain(ObservationReferenceRangeComponent range) {
        return plainElement(range) && !range.hasModifierExtension() && !range.hasAppliesTo() && !range.hasAge()
                && (!range.hasLow() || plain(range.getLow())) && (!range.hasHigh() || plain(range.getHigh()))
                && (!range.hasType() || plain(range.getType())) && plainElement(range.getTextElement());
    }

    private static boolean plain(CodeableConcept concept) {
        if (!plainElement(concept) || !plainElement(concept.getTextElement())) {
            return false;
        }
        for (Coding coding : concept.getCoding()) {
            if (!plainElement(coding) || coding.hasVersion() || coding.hasUserSelected()
                    || !plainElement(coding.getSystemElement()) || !plainElement(coding.getCodeElement())
                    || !plainElement(coding.getDisplayElement())) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(Quantity quantity) {
        return plainElement(quantity) && !quantity.hasComparator() && plainElement(quantity.getValueElement())
                && plainElement(quantity.getUnitElement()) && plainElement(quantity.getSystemElement())
                && plainElement(quantity.getCodeElement());
    }

    private static boolean plain(Reference reference) {
        return plainElement(reference) && !reference.hasType() && !reference.hasDisplay()
                && plainElement(reference.getReferenceElement_())
                && (!reference.hasIdentifier() || plain(reference.getIdentifier()));
    }

    private static boolean plain(Identifier identifier) {
        return plainElement(identifier) && !identifier.hasUse() && !identifier.hasType() && !identifier.hasPeriod()
                && !identifier.hasAssigner() && plainElement(identifier.getSystemElement())
                && plainElement(identifier.getValueElement());
    }

    /** No element id and no extensions: HAPI would write them, this writer does not. */
    private static boolean plainElement(Element element) {
        return element == null || !element.hasId() && !element.hasExtension();
    }
}
