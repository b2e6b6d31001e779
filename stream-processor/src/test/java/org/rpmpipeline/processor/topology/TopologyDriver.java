package org.rpmpipeline.processor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.rpmpipeline.contract.device.DeviceStatus;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.patient.AdherenceRecord;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.reject.RejectedMessage;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.processor.ProcessorConfig;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.embedded.MutableClock;

/** A {@link TopologyTestDriver} over the production topology and error policy, with typed topics and a clock. */
final class TopologyDriver implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-01-10T09:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final TopologyTestDriver driver;
    final TestInputTopic<String, Reading> readings;
    final TestInputTopic<String, String> rawReadings;
    final TestInputTopic<String, DeviceStatus> deviceStatus;
    final TestInputTopic<String, PatientThresholds> patientThresholds;
    final TestOutputTopic<String, Finding> findings;
    final TestOutputTopic<String, RejectedMessage> rejected;
    final TestOutputTopic<String, AdherenceRecord> adherence;

    TopologyDriver(RuleSet rules) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vitals-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(ProcessorConfig.errorHandling());
        driver = new TopologyTestDriver(VitalsTopology.build(rules, TopologySettings.DEFAULTS, clock), props,
                NOW);
        readings = driver.createInputTopic(Topics.READINGS.name(), Topics.READINGS.keySerde().serializer(),
                Topics.READINGS.valueSerde().serializer());
        rawReadings = driver.createInputTopic(Topics.READINGS.name(), new StringSerializer(), new StringSerializer());
        deviceStatus = driver.createInputTopic(Topics.DEVICE_STATUS.name(),
                Topics.DEVICE_STATUS.keySerde().serializer(), Topics.DEVICE_STATUS.valueSerde().serializer());
        patientThresholds = driver.createInputTopic(Topics.PATIENT_THRESHOLDS.name(),
                Topics.PATIENT_THRESHOLDS.keySerde().serializer(), Topics.PATIENT_THRESHOLDS.valueSerde().serializer());
        findings = driver.createOutputTopic(Topics.FINDINGS.name(), Topics.FINDINGS.keySerde().deserializer(),
                Topics.FINDINGS.valueSerde().deserializer());
        rejected = driver.createOutputTopic(Topics.REJECTED.name(), Topics.REJECTED.keySerde().deserializer(),
                Topics.REJECTED.valueSerde().deserializer());
        adherence = driver.createOutputTopic(Topics.ADHERENCE.name(), Topics.ADHERENCE.keySerde().deserializer(),
                Topics.ADHERENCE.valueSerde().deserializer());
    }

    /** Pipes {@code reading} keyed by its patient, with its measurement time as the record time. */
    void pipe(Reading reading) {
        readings.pipeInput(reading.patientId(), reading, reading.measuredAt());
    }

    /** Moves the rules' clock and Kafka Streams' wall clock together. */
    void advanceWallClock(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    List<Finding> findings(String ruleId) {
        return findings.readValuesToList().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
