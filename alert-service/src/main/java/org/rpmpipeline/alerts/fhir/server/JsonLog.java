package org.rpmpipeline.alerts.fhir.server;

import java.util.Arrays;

/**
 * Where the in-process store keeps one resource type's JSON: appended to shared segments (byte arrays growing from
 * 64 KB to 4 MB) instead of one string per resource. A stored text keeps its segment reachable, so a segment is
 * freed once every text in it has been replaced or evicted; the store evicts the least recently written first, so
 * its live texts are the newest part of the log.
 *
 * <p>Why: a stored resource lives for as long as the store takes to fill up, seconds to hours. As one string each,
 * the JSON (most of a stored resource's bytes) was copied by young collection after young collection until it
 * was promoted, then left as garbage in the old generation; in the alert-service benchmark the segments cut the
 * whole pipeline's CPU per reading by about a tenth (docs/BENCHMARKS.md). G1 allocates a 4 MB segment straight
 * into the old generation (it is over half a region for heaps under 16 GB) and never copies it.
 */
final class JsonLog {
    static final int FIRST_SEGMENT_BYTES = 64 * 1024;
    static final int MAX_SEGMENT_BYTES = 4 * 1024 * 1024;

    private byte[] segment = new byte[0];
    private int position;
    private int nextSegmentBytes = FIRST_SEGMENT_BYTES;

    /** Copies {@code json} into the log and returns the copy. */
    JsonText append(JsonText json) {
        int length = json.length();
        if (length > MAX_SEGMENT_BYTES) {
            byte[] own = Arrays.copyOfRange(json.bytes(), json.offset(), json.offset() + length);
            return new JsonText(own, 0, length);
        }
        if (length > segment.length - position) {
            segment = new byte[Math.max(nextSegmentBytes, length)];
            position = 0;
            nextSegmentBytes = Math.min(MAX_SEGMENT_BYTES, nextSegmentBytes * 2);
        }
        System.arraycopy(json.bytes(), json.offset(), segment, position, length);
        JsonText stored = new JsonText(segment, position, length);
        position += length;
        return stored;
    }
}
