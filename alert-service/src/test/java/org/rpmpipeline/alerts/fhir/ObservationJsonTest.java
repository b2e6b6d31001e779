package org.rpmpipeline.alerts.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.vital.Acvpu;
import org.rpmpipeline.contract.vital.Component;
import org.rpmpipeline.contract.vital.DataAbsentReason;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.TimeSource;
import org.rpmpipeline.contract.vital.VitalType;

/** {@link ObservationJson} writes exactly what HAPI's encoder writes, for every shape the mapper builds. */
public class ObservationJsonTest {
    private final ObservationMapper mapper = new ObservationMapper();

    @Test
    void everyVitalAndShape_isWrittenByteForByteAsHapiWritesIt() {
        List<Reading> readings = readings(new Random(20261204), 4_000);
        for (Reading reading : readings) {
            Observation observation = mapper.map(reading);
            // the writer first: its checks read elements through HAPI's getters, which must change nothing HAPI
            // then writes (the service falls back to HAPI on the same instance)
            var written = ObservationJson.encode(observation);
            assertThat(written).as("%s", reading).contains(Fhir.toJson(observation))
                    .contains(Fhir.toJson(mapper.map(reading)));
        }
        // the corpus covers what the mapper distinguishes: every vital, absent values, panels, hubs or none
        assertThat(readings).extracting(Reading::vital).containsAll(List.of(VitalType.values()));
        assertThat(readings).anyMatch(r -> r.hubId() == null).anyMatch(r -> r.dataAbsentReason() != null)
                .anyMatch(r -> r.components().size() == 3);
    }

    @Test
    void withoutReferenceRanges_theSameAsHapiToo() {
        ObservationMapper plain = new ObservationMapper(ReferenceRanges.none());
        for (Reading reading : readings(new Random(7), 500)) {
            Observation observation = plain.map(reading);
            assertThat(ObservationJson.encode(observation)).contains(Fhir.toJson(observation));
        }
    }

    @Test
    void anElementItDoesNotWrite_leavesTheObservationToHapi() {
        Observation noted = mapper.map(Readings.of(VitalType.SPO2, "94"));
        noted.addNote().setText("taken after exercise");
        assertThat(ObservationJson.encode(noted)).isEmpty();

        Observation withElementId = mapper.map(Readings.of(VitalType.HEART_RATE, "72"));
        withElementId.getCode().setId("c1");
        assertThat(ObservationJson.encode(withElementId)).isEmpty();

        Observation extendedValue = mapper.map(Readings.of(VitalType.BODY_WEIGHT, "81.5"));
        extendedValue.getValueQuantity().getValueElement().addExtension("urn:example:x",
                new org.hl7.fhir.r4.model.StringType("y"));
        assertThat(ObservationJson.encode(extendedValue)).isEmpty();

        Observation sampled = mapper.map(Readings.of(VitalType.HEART_RATE, "72"));
        sampled.setValue(new org.hl7.fhir.r4.model.SampledData());
        sampled.getValueSampledData().setData("1 2 3");
        assertThat(ObservationJson.encode(sampled)).isEmpty();
    }

    /** Random readings of every vital: values of any scale, absent values, ids with every opaque-id character. */
    public static List<Reading> readings(Random random, int count) {
        List<Reading> out = new ArrayList<>();
        VitalType[] vitals = VitalType.values();
        for (int i = 0; i < count; i++) {
            VitalType vital = vitals[i % vitals.length];
            String device = id(random, "dev");
            String hub = random.nextInt(3) == 0 ? null : random.nextBoolean() ? device : id(random, "hub");
            Instant measured = Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(100_000_000_000L));
            Instant received = measured.plusMillis(random.nextInt(5_000));
            BigDecimal value = null;
            DataAbsentReason absent = null;
            List<Component> components = List.of();
            if (vital == VitalType.BLOOD_PRESSURE) {
                components = new ArrayList<>(List.of(component(random, VitalType.SYSTOLIC_BP),
                        component(random, VitalType.DIASTOLIC_BP)));
                if (random.nextBoolean()) {
                    components.add(component(random, VitalType.MEAN_BP));
                }
                if (random.nextInt(6) == 0) {
                    components.remove(random.nextInt(components.size()));
                }
            } else if (vital == VitalType.CONSCIOUSNESS) {
                value = BigDecimal.valueOf(Acvpu.values()[random.nextInt(Acvpu.values().length)].level());
            } else if (random.nextInt(8) == 0) {
                absent = DataAbsentReason.values()[random.nextInt(DataAbsentReason.values().length)];
            } else {
                value = value(random);
            }
            out.add(new Reading(Schema.VERSION, Reading.idFor(device, vital, measured, null), id(random, "pat"),
                    device, hub, vital, value, vital.isPanel() ? null : vital.unit(), absent, components,
                    measured, received, TimeSource.DEVICE, "corr-" + i, null));
        }
        return out;
    }

    private static Component component(Random random, VitalType vital) {
        return random.nextInt(8) == 0 ? new Component(vital, null, vital.unit(), DataAbsentReason.ERROR)
                : Component.of(vital, value(random));
    }

    private static BigDecimal value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> BigDecimal.valueOf(random.nextInt(300));
            case 1 -> new BigDecimal(random.nextInt(4000) + "." + random.nextInt(10));
            case 2 -> new BigDecimal(random.nextInt(100) + ".00");
            case 3 -> BigDecimal.valueOf(random.nextInt(1000), random.nextInt(5));
            case 4 -> new BigDecimal("1E+2");
            default -> BigDecimal.valueOf(random.nextDouble() * 200).setScale(random.nextInt(8),
                    java.math.RoundingMode.HALF_UP);
        };
    }

    private static String id(Random random, String prefix) {
        String chars = "abcXYZ019._:-";
        StringBuilder id = new StringBuilder(prefix);
        for (int i = random.nextInt(random.nextInt(10) == 0 ? 120 : 12); i > 0; i--) {
            id.append(chars.charAt(random.nextInt(chars.length())));
        }
        return id.toString();
    }
}
