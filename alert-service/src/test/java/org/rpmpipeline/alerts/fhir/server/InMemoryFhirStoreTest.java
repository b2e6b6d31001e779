package org.rpmpipeline.alerts.fhir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class InMemoryFhirStoreTest {
    private static final String SYSTEM = "urn:rpm:test";
    private final InMemoryFhirStore store = new InMemoryFhirStore(Clock.systemUTC(), 3);
    private final ResourceWriter writer = new ResourceWriter(store);

    @Test
    void beyondItsBoundTheLeastRecentlyWrittenResourceIsEvicted() {
        for (String id : new String[] {"a", "b", "c", "d"}) {
            writer.create(observation(id), "identifier=" + SYSTEM + "|" + id);
        }

        assertThat(store.count("Observation")).isEqualTo(3);
        assertThat(store.created("Observation")).isEqualTo(4);
        assertThat(store.evicted()).isEqualTo(1);
        assertThat(store.read("Observation", "a")).isEmpty();
        assertThat(store.byIdentifier("Observation", SYSTEM, "a")).isEmpty();
        assertThat(store.ofPatient("Observation", "pat-1")).extracting(r -> r.getIdElement().getIdPart())
                .containsExactly("b", "c", "d");
    }

    @Test
    void anEvictedResourceWrittenAgainIsCreatedAgain() {
        for (String id : new String[] {"a", "b", "c", "d"}) {
            writer.create(observation(id), "identifier=" + SYSTEM + "|" + id);
        }

        ResourceWriter.Result again = writer.create(observation("a"), "identifier=" + SYSTEM + "|a");

        assertThat(again.created()).isTrue();
        assertThat(store.byIdentifier("Observation", SYSTEM, "a")).hasSize(1);
        assertThat(store.read("Observation", "b")).isEmpty();
    }

    @Test
    void anUpdateMakesAResourceTheMostRecentlyWritten() {
        writer.create(observation("a"), null);
        writer.create(observation("b"), null);
        writer.create(observation("c"), null);

        writer.update(observation("a").setStatus(Observation.ObservationStatus.AMENDED), "a", null);
        writer.create(observation("d"), null);

        assertThat(store.read("Observation", "b")).isEmpty();
        assertThat(store.read("Observation", "a")).get()
                .satisfies(r -> assertThat(((Observation) r).getStatus())
                        .isEqualTo(Observation.ObservationStatus.AMENDED))
                .satisfies(r -> assertThat(r.getMeta().getVersionId()).isEqualTo("2"));
        assertThat(store.created("Observation")).isEqualTo(4);
    }

    @Test
    void eachTypeHasItsOwnBound() {
        for (String id : new String[] {"a", "b", "c"}) {
            writer.create(observation(id), null);
        }
        writer.create(new Device().setId("dev-1"), null);

        assertThat(store.count("Observation")).isEqualTo(3);
        assertThat(store.count("Device")).isEqualTo(1);
        assertThat(store.evicted()).isZero();
    }

    @Test
    void theBoundMustBePositive() {
        assertThatThrownBy(() -> new InMemoryFhirStore(Clock.systemUTC(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPerType");
    }

    private static Observation observation(String id) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference("Patient/pat-1"));
        observation.setId(id);
        observation.addIdentifier().setSystem(SYSTEM).setValue(id);
        observation.getCode().setText("test");
        return observation;
    }
}
