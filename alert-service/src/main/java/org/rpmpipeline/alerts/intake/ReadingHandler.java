package org.rpmpipeline.alerts.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.hl7.fhir.r4.model.Observation;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
import org.rpmpipeline.alerts.fhir.ObservationIds;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.tinylog.Logger;

/** Each reading from {@code rpm.readings} becomes FHIR Observation JSON on {@code rpm.observations}. */
public final class ReadingHandler implements RecordHandler<Reading> {
    private final ObservationMapper mapper;
    private final Publisher publisher;
    private final Counter observations;

    public ReadingHandler(ObservationMapper mapper, Publisher publisher, MeterRegistry metrics) {
        this.mapper = mapper;
        this.publisher = publisher;
        this.observations = metrics.counter("rpm.alerts.observations.published");
    }

    @Override
    public List<Future<?>> handle(String key, Reading reading, Headers headers) {
        Observation observation = mapper.map(reading);
        ObservationIds ids = ObservationMapper.idsOf(reading);
        Map<String, String> out = new HashMap<>(FhirHeaders.of("Observation", ids.system(), ids.value()));
        out.put(HeaderNames.DEVICE_ID, reading.deviceId());
        copy(headers, HeaderNames.CORRELATION_ID, out);
        Future<?> sent = publisher.send(Topics.OBSERVATIONS, ids.value(), Fhir.toJson(observation), out);
        observations.increment();
        Logger.debug("observation mapped [reading: {}, observation: {}]", reading.readingId(), ids.resourceId());
        return List.of(sent);
    }

    static void copy(Headers from, String name, Map<String, String> to) {
        Header header = from.lastHeader(name);
        if (header != null && header.value() != null) {
            to.put(name, new String(header.value(), StandardCharsets.UTF_8));
        }
    }
}
