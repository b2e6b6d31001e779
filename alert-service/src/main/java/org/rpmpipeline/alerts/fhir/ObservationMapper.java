package org.rpmpipeline.alerts.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.rpmpipeline.contract.vital.Acvpu;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;

/**
 * Turns a normalized {@link Reading} into an R4 Observation that conforms to the vital-signs profiles (shared
 * DOMAIN.md 2.1 to 2.4): status final, the vital-signs category, LOINC code, UCUM quantity or a data-absent
 * reason, subject Patient, device Device, the relaying hub as the gateway-device extension, the measurement
 * instant as effective time, and a deterministic identifier ({@link ObservationIds}). Blood pressure becomes one
 * 85354-9 panel with systolic and diastolic components. Glucose is not a vital sign in FHIR R4 and carries the
 * laboratory category instead. Consciousness (ACVPU) is coded as in the NHS NEWS2 FHIR guidance: category survey,
 * SNOMED CT 1104441000000107 (plus LOINC 67775-7), the level as its SNOMED CT finding ({@link Acvpu}).
 *
 * <p>A value is interpreted (H/L/HH/LL/N, with the bands as {@code referenceRange}) against the vital's
 * {@link ReferenceRanges}; vitals without a range get none.
 *
 * <p>Pure: the same reading always gives the same resource ({@code issued} is the reading's receive time).
 */
public final class ObservationMapper {
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String GATEWAY_DEVICE_EXTENSION =
            "http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice";
    static final String PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";
    /** The R4 base code for oxygen saturation; pulse oximetry readings carry it next to 59408-5. */
    static final String LOINC_OXYGEN_SATURATION = "2708-6";

    /** The R4 vital-signs profile each vital conforms to (hl7.org/fhir/R4/observation-vitalsigns.html). */
    private static final Map<VitalType, String> PROFILES = Map.of(
            VitalType.SPO2, "oxygensat",
            VitalType.HEART_RATE, "heartrate",
            VitalType.RESPIRATORY_RATE, "resprate",
            VitalType.BODY_TEMPERATURE, "bodytemp",
            VitalType.BODY_WEIGHT, "bodyweight",
            VitalType.BODY_HEIGHT, "bodyheight",
            VitalType.BMI, "bmi",
            VitalType.BLOOD_PRESSURE, "bp");

    /** Blood-pressure components the bp profile requires, in order. */
    private static final List<VitalType> REQUIRED_BP_COMPONENTS = List.of(VitalType.SYSTOLIC_BP,
            VitalType.DIASTOLIC_BP);

    static final String INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final String RANGE_MEANING_SYSTEM = "http://terminology.hl7.org/CodeSystem/referencerange-meaning";
    private static final Map<String, String> INTERPRETATION_DISPLAY = Map.of("N", "Normal", "L", "Low", "H", "High",
            "LL", "Critical low", "HH", "Critical high");

    private final ReferenceRanges ranges;

    /** A mapper interpreting values against {@link ReferenceRanges#defaults()}. */
    public ObservationMapper() {
        this(ReferenceRanges.defaults());
    }

    /** A mapper interpreting values against {@code ranges} ({@link ReferenceRanges#none()}: no interpretation). */
    public ObservationMapper(ReferenceRanges ranges) {
        this.ranges = ranges;
    }

    /** The Observation for {@code reading}, with its id and identifier set. */
    public Observation map(Reading reading) {
        return map(reading, idsOf(reading));
    }

    /** The Observation for {@code reading} with identity {@code ids} (which must be {@link #idsOf} the reading). */
    public Observation map(Reading reading, ObservationIds ids) {
        Observation observation = new Observation();
        observation.setId(ids.resourceId());
        profile(reading.vital()).ifPresent(observation.getMeta()::addProfile);
        observation.addIdentifier().setSystem(ids.system()).setValue(ids.value());
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(category(reading.vital()));
        observation.setCode(code(reading.vital()));
        observation.setSubject(new Reference("Patient/" + reading.patientId()));
        observation.setEffective(dateTime(reading.measuredAt()));
        observation.setIssuedElement(Fhir.instant(reading.receivedAt()));
        observation.setDevice(new Reference("Device/" + reading.deviceId()));
        if (reading.hubId() != null) {
            observation.addExtension(GATEWAY_DEVICE_EXTENSION, new Reference("Device/" + reading.hubId()));
        }
        if (reading.vital().isPanel()) {
            addComponents(observation, reading);
        } else if (reading.vital() == VitalType.CONSCIOUSNESS && reading.value() != null) {
            Acvpu level = Acvpu.of(reading.value()).orElseThrow();
            observation.setValue(new CodeableConcept(new Coding(Acvpu.SNOMED_SYSTEM, level.snomed(), level.display()))
                    .setText(level.letter()));
        } else if (reading.value() != null) {
            observation.setValue(quantity(reading.value(), reading.vital()));
            ranges.of(reading.vital()).ifPresent(range -> {
                observation.addInterpretation(interpretation(range.interpret(reading.value())));
                referenceRanges(range, reading.vital()).forEach(observation::addReferenceRange);
            });
        } else {
            observation.setDataAbsentReason(absent(reading.dataAbsentReason()));
        }
        return observation;
    }

    /**
     * One Observation for a period of a high-frequency stream: {@code valueSampledData} with origin 0 in the
     * vital's unit, the slot length in ms as period, one dimension and a value per slot ({@code E} where none
     * arrived), {@code effectivePeriod} = the group's period, and an identifier deterministic from device, vital
     * and period start. {@code issued} is the last reading's receive time.
     *
     * <p>It claims no vital-signs profile: the R4 specific profiles fix {@code valueQuantity}, and their vs-1
     * invariant does not accept an {@code effectivePeriod}; it conforms to the base R4 Observation.
     */
    public Observation mapSampled(SampledGroup group) {
        ObservationIds ids = group.ids();
        Observation observation = new Observation();
        observation.setId(ids.resourceId());
        observation.addIdentifier().setSystem(ids.system()).setValue(ids.value());
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(category(group.vital()));
        observation.setCode(code(group.vital()));
        observation.setSubject(new Reference("Patient/" + group.patientId()));
        observation.setEffective(new Period().setStartElement(dateTime(group.start()))
                .setEndElement(dateTime(group.end())));
        observation.setIssuedElement(Fhir.instant(group.lastReceived()));
        observation.setDevice(new Reference("Device/" + group.deviceId()));
        if (group.hubId() != null) {
            observation.addExtension(GATEWAY_DEVICE_EXTENSION, new Reference("Device/" + group.hubId()));
        }
        StringBuilder data = new StringBuilder();
        for (BigDecimal value : group.values()) {
            if (!data.isEmpty()) {
                data.append(' ');
            }
            data.append(value == null ? "E" : value.toPlainString());
        }
        SampledData sampled = new SampledData();
        sampled.setOrigin(new Quantity().setValue(0).setUnit(group.vital().unit()).setSystem(VitalType.UCUM_SYSTEM)
                .setCode(group.vital().unit()));
        sampled.setPeriod(group.slot().toMillis());
        sampled.setDimensions(1);
        sampled.setData(data.toString());
        observation.setValue(sampled);
        return observation;
    }

    /** The identity the Observation of {@code reading} has. */
    public static ObservationIds idsOf(Reading reading) {
        return ObservationIds.of(reading.deviceId(), reading.vital(), reading.measuredAt());
    }

    private void addComponents(Observation observation, Reading reading) {
        for (VitalType required : REQUIRED_BP_COMPONENTS) {
            Optional<Component> present = component(reading, required);
            observation.addComponent(present.map(this::component)
                    // the bp profile requires both; a missing one is recorded as absent, never invented
                    .orElseGet(() -> component(new Component(required, null, required.unit(),
                            DataAbsentReason.UNKNOWN))));
        }
        component(reading, VitalType.MEAN_BP).ifPresent(c -> observation.addComponent(component(c)));
    }

    private static Optional<Component> component(Reading reading, VitalType type) {
        return reading.components().stream().filter(c -> c.vital() == type).findFirst();
    }

    private ObservationComponentComponent component(Component component) {
        ObservationComponentComponent out = new ObservationComponentComponent(code(component.vital()));
        if (component.value() != null) {
            out.setValue(quantity(component.value(), component.vital()));
            ranges.of(component.vital()).ifPresent(range -> {
                out.addInterpretation(interpretation(range.interpret(component.value())));
                referenceRanges(range, component.vital()).forEach(out::addReferenceRange);
            });
        } else {
            out.setDataAbsentReason(absent(component.dataAbsentReason()));
        }
        return out;
    }

    /** The vital-signs profile a vital conforms to; none for glucose and consciousness. */
    static Optional<String> profile(VitalType vital) {
        return isLaboratory(vital) || vital == VitalType.CONSCIOUSNESS ? Optional.empty()
                : Optional.of(PROFILE_BASE + PROFILES.getOrDefault(vital, "vitalsigns"));
    }

    private static boolean isLaboratory(VitalType vital) {
        return vital == VitalType.GLUCOSE || vital == VitalType.GLUCOSE_MOLAR;
    }

    private static CodeableConcept category(VitalType vital) {
        if (vital == VitalType.CONSCIOUSNESS) {
            return new CodeableConcept(new Coding(CATEGORY_SYSTEM, "survey", "Survey"));
        }
        return isLaboratory(vital)
                ? new CodeableConcept(new Coding(CATEGORY_SYSTEM, "laboratory", "Laboratory"))
                : new CodeableConcept(new Coding(CATEGORY_SYSTEM, "vital-signs", "Vital Signs"));
    }

    private static CodeableConcept code(VitalType vital) {
        CodeableConcept code = new CodeableConcept();
        if (vital == VitalType.SPO2) {
            // US Core pulse oximetry carries both codes; the R4 oxygensat profile requires 2708-6 (DOMAIN.md 2.2)
            code.addCoding(new Coding(VitalType.LOINC_SYSTEM, LOINC_OXYGEN_SATURATION,
                    "Oxygen saturation in Arterial blood"));
        } else if (vital == VitalType.CONSCIOUSNESS) {
            code.addCoding(new Coding(Acvpu.SNOMED_SYSTEM, Acvpu.OBSERVATION_SNOMED, Acvpu.OBSERVATION_DISPLAY));
        }
        code.addCoding(new Coding(VitalType.LOINC_SYSTEM, vital.loinc(), vital.display()));
        code.setText(vital.display());
        return code;
    }

    private static Quantity quantity(BigDecimal value, VitalType vital) {
        return new Quantity().setValue(value).setUnit(vital.unit()).setSystem(VitalType.UCUM_SYSTEM)
                .setCode(vital.unit());
    }

    private static CodeableConcept interpretation(String code) {
        return new CodeableConcept(new Coding(INTERPRETATION_SYSTEM, code, INTERPRETATION_DISPLAY.get(code)));
    }

    /**
     * The bands the interpretation was evaluated against, so it is auditable: the normal range (type
     * {@code normal}) and the critical range outside which a value is LL/HH.
     */
    private static List<ObservationReferenceRangeComponent> referenceRanges(ReferenceRanges.Range range,
            VitalType vital) {
        List<ObservationReferenceRangeComponent> out = new java.util.ArrayList<>();
        if (range.low() != null || range.high() != null) {
            ObservationReferenceRangeComponent normal = new ObservationReferenceRangeComponent();
            if (range.low() != null) {
                normal.setLow(quantity(range.low(), vital));
            }
            if (range.high() != null) {
                normal.setHigh(quantity(range.high(), vital));
            }
            normal.setType(new CodeableConcept(new Coding(RANGE_MEANING_SYSTEM, "normal", "Normal Range")));
            out.add(normal);
        }
        if (range.criticalLow() != null || range.criticalHigh() != null) {
            ObservationReferenceRangeComponent critical = new ObservationReferenceRangeComponent();
            if (range.criticalLow() != null) {
                critical.setLow(quantity(range.criticalLow(), vital));
            }
            if (range.criticalHigh() != null) {
                critical.setHigh(quantity(range.criticalHigh(), vital));
            }
            critical.setText("critical: a value outside this range is LL or HH");
            out.add(critical);
        }
        return out;
    }

    private static CodeableConcept absent(DataAbsentReason reason) {
        return new CodeableConcept(new Coding(DataAbsentReason.SYSTEM, reason.code(), null));
    }

    /** A measurement time: UTC, to the millisecond. */
    private static DateTimeType dateTime(Instant instant) {
        return Fhir.dateTime(instant, TemporalPrecisionEnum.MILLI);
    }
}
