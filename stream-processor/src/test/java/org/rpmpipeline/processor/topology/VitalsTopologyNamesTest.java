package org.rpmpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.processor.rules.RuleSetLoader;

/** Pins node and store names: renaming a stateful node or store would orphan its changelog and lose state. */
class VitalsTopologyNamesTest {
    private final TopologyDescription description =
            VitalsTopology.build(RuleSetLoader.loadDefault(), Clock.systemUTC()).describe();

    @Test
    void nodeNamesAreStable() {
        List<String> nodes = Stream.concat(
                description.subtopologies().stream().flatMap(s -> s.nodes().stream()),
                description.globalStores().stream().flatMap(g -> Stream.of(g.source(), g.processor())))
                .map(TopologyDescription.Node::name).sorted().toList();

        assertThat(nodes).containsExactly("adherence-sink", "device-status-source", "device-status-updater",
                "evaluate-rules", "findings-sink", "patient-thresholds-source", "patient-thresholds-updater",
                "readings-source");
        assertThat(description.subtopologies()).hasSize(1);
    }

    @Test
    void storeNamesAreStable() {
        List<String> stores = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(TopologyDescription.Processor.class::isInstance)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()).distinct().sorted().toList();

        assertThat(stores).containsExactly("device-activity-store", "patient-state-store", "reading-dedup-store");
        assertThat(description.globalStores()).flatExtracting(g -> g.processor().stores())
                .containsExactlyInAnyOrder("device-status-store", "patient-thresholds-store");
    }

    @Test
    void patientSettingsAreReadAsAWholeNotPerPartition() {
        // a global store: the settings apply whatever partitioner wrote rpm.patient-thresholds
        assertThat(description.globalStores()).anySatisfy(g -> {
            assertThat(g.source().topicSet()).containsExactly("rpm.patient-thresholds");
            assertThat(g.processor().stores()).containsExactly("patient-thresholds-store");
        });
        assertThat(description.subtopologies()).flatExtracting(s -> s.nodes()).noneSatisfy(n -> assertThat(n)
                .isInstanceOfSatisfying(TopologyDescription.Source.class,
                        source -> assertThat(source.topicSet()).contains("rpm.patient-thresholds")));
    }
}
