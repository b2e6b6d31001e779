package org.rpmpipeline.alerts.intake;

import ca.uhn.fhir.parser.IParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.hl7.fhir.r4.model.Observation;
import org.rpmpipeline.alerts.SampledDataSettings;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.alerts.fhir.FhirHeaders;
import org.rpmpipeline.alerts.fhir.ObservationIds;
import org.rpmpipeline.alerts.fhir.ObservationJson;
import org.rpmpipeline.alerts.fhir.ObservationMapper;
import org.rpmpipeline.alerts.fhir.SampledGroup;
import org.rpmpipeline.contract.topic.HeaderNames;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.contract.vital.Reading;
import org.rpmpipeline.contract.vital.VitalType;
import org.tinylog.Logger;

/**
 * Each reading from {@code rpm.readings} becomes FHIR Observation JSON on {@code rpm.observations}; readings of a
 * vital configured for SampledData are first collected per device and period ({@link SampledGroup}).
 *
 * <p>A group is emitted when its period has closed: on the first reading of the same device and vital for a
 * later period, or once the wall clock is {@code grace} past the period's end (checked after every batch and
 * whenever a poll comes back empty). Until then its readings are held in memory only, so the loop commits no
 * offset past the group's first reading ({@link #retainFrom}); after a crash or a failed batch the readings are
 * read again and the group rebuilt. A reading for a period whose group was already emitted (late, out of order)
 * becomes an Observation of its own, so it is never lost.
 */
public final class ReadingHandler implements RecordHandler<Reading> {
    private final ObservationMapper mapper;
    private final Publisher publisher;
    private final SampledDataSettings sampled;
    private final Clock clock;
    private final Counter observations;
    private final Map<StreamKey, Stream> streams = new HashMap<>();
    /** One parser for this handler's thread: building one per record showed in profiles. */
    private final IParser json = Fhir.context().newJsonParser();

    public ReadingHandler(ObservationMapper mapper, Publisher publisher, MeterRegistry metrics) {
        this(mapper, publisher, SampledDataSettings.none(), Clock.systemUTC(), metrics);
    }

    public ReadingHandler(ObservationMapper mapper, Publisher publisher, SampledDataSettings sampled, Clock clock,
            MeterRegistry metrics) {
        this.mapper = mapper;
        this.publisher = publisher;
        this.sampled = sampled;
        this.clock = clock;
        this.observations = metrics.counter("rpm.alerts.observations.published");
    }

    @Override
    public List<Future<?>> handle(String key, Reading reading, Headers headers) {
        ObservationIds ids = ObservationMapper.idsOf(reading);
        Observation observation = mapper.map(reading, ids);
        Map<String, String> out = new HashMap<>(FhirHeaders.of("Observation", ids.system(), ids.value(),
                reading.patientId(), devices(reading.deviceId(), reading.hubId()), List.of()));
        out.put(HeaderNames.DEVICE_ID, reading.deviceId());
        copy(headers, HeaderNames.CORRELATION_ID, out);
        // the mapper's Observations are written directly, as HAPI would write them; anything else goes to HAPI
        String encoded = ObservationJson.encode(observation).orElseGet(() -> json.encodeResourceToString(observation));
        Future<?> sent = publisher.send(Topics.OBSERVATIONS, ids.value(), encoded, out);
        observations.increment();
        Logger.debug("observation mapped [reading: {}, observation: {}]", reading.readingId(), ids.resourceId());
        return List.of(sent);
    }

    @Override
    public List<Future<?>> handle(String key, Reading reading, Headers headers, TopicPartition partition,
            long offset) {
        Optional<Duration> period = sampled.periodOf(reading.vital());
        if (period.isEmpty()) {
            return handle(key, reading, headers);
        }
        Instant start = SampledGroup.periodStart(reading.measuredAt(), period.get());
        StreamKey streamKey = new StreamKey(reading.deviceId(), reading.vital());
        Stream stream = streams.computeIfAbsent(streamKey, k -> new Stream(partition));
        if (stream.emittedUntil != null && start.isBefore(stream.emittedUntil)
                || stream.open != null && start.isBefore(stream.open.start())) {
            return handle(key, reading, headers); // late: its period's group is gone or a later one is open
        }
        List<Future<?>> sent = new ArrayList<>();
        if (stream.open != null && start.isAfter(stream.open.start())) {
            sent.add(emit(stream));
        }
        if (stream.open == null) {
            stream.open = new SampledGroup(reading.deviceId(), reading.vital(), start, period.get(), sampled.slot());
            stream.firstOffset = offset;
            stream.partition = partition;
        }
        stream.open.add(reading);
        return sent;
    }

    private Future<?> emit(Stream stream) {
        Future<?> sent = send(stream.open);
        emitted(stream);
        return sent;
    }

    private Future<?> send(SampledGroup group) {
        ObservationIds ids = group.ids();
        Map<String, String> out = new HashMap<>(FhirHeaders.of("Observation", ids.system(), ids.value(),
                group.patientId(), devices(group.deviceId(), group.hubId()), List.of()));
        out.put(HeaderNames.DEVICE_ID, group.deviceId());
        Future<?> sent = publisher.send(Topics.OBSERVATIONS, ids.value(),
                json.encodeResourceToString(mapper.mapSampled(group)), out);
        observations.increment();
        Logger.debug("sampled observation emitted [device: {}, vital: {}, start: {}]", group.deviceId(),
                group.vital().code(), group.start());
        return sent;
    }

    private static void emitted(Stream stream) {
        stream.emittedUntil = stream.open.end();
        stream.open = null;
    }

    /** The streams whose open group's period ended {@code grace} ago by the wall clock. */
    private List<Stream> due() {
        if (streams.isEmpty()) {
            return List.of();
        }
        Instant due = clock.instant().minus(sampled.grace());
        return streams.values().stream().filter(s -> s.open != null && !s.open.end().isAfter(due)).toList();
    }

    @Override
    public List<Future<?>> onBatchEnd() {
        // a failed batch rewinds to the groups' first readings (retained when the batch started)
        return due().stream().<Future<?>>map(this::emit).toList();
    }

    @Override
    public void onIdle() {
        List<Stream> due = due();
        List<Future<?>> sent = new ArrayList<>();
        due.forEach(stream -> sent.add(send(stream.open)));
        try {
            for (Future<?> future : sent) {
                future.get();
            }
            due.forEach(ReadingHandler::emitted); // only once Kafka has them; else they are sent again next time
        } catch (ExecutionException e) {
            Logger.warn("sampled observations not delivered, will retry [groups: {}, error: {}]", due.size(),
                    e.getCause().getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public OptionalLong retainFrom(TopicPartition partition) {
        long min = Long.MAX_VALUE;
        for (Stream stream : streams.values()) {
            if (stream.open != null && partition.equals(stream.partition)) {
                min = Math.min(min, stream.firstOffset);
            }
        }
        return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
    }

    @Override
    public void onBatchFailed() {
        // the loop rewinds to the first reading of every open group: they are rebuilt from Kafka
        streams.clear();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        for (Iterator<Stream> it = streams.values().iterator(); it.hasNext(); ) {
            if (partitions.contains(it.next().partition)) {
                it.remove();
            }
        }
    }

    private static List<String> devices(String deviceId, String hubId) {
        return hubId == null || hubId.equals(deviceId) ? List.of(deviceId) : List.of(deviceId, hubId);
    }

    static void copy(Headers from, String name, Map<String, String> to) {
        Header header = from.lastHeader(name);
        if (header != null && header.value() != null) {
            to.put(name, new String(header.value(), StandardCharsets.UTF_8));
        }
    }

    private record StreamKey(String deviceId, VitalType vital) {
    }

    /** One device's stream of one vital: its open group and the end of the last group emitted. */
    private static final class Stream {
        TopicPartition partition;
        SampledGroup open;
        long firstOffset;
        Instant emittedUntil;

        Stream(TopicPartition partition) {
            this.partition = partition;
        }
    }
}
