package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rpmpipeline.contract.json.Json;
import org.tinylog.Logger;

/**
 * Everything the reading rules keep about one patient, stored as ONE record per patient in
 * {@code patient-state-store}: the latest measurement instant per vital and each rule's state, as named entries.
 * One record per patient means one store write and one changelog record per reading however many rules changed
 * their state.
 *
 * <p>Stored form: a format byte, then per entry the entry name and its JSON, each length-prefixed. Entries are
 * decoded lazily and re-encoded only when they changed, so a reading that changes one rule's state serializes that
 * state alone and copies the other entries' bytes. An entry that cannot be decoded (written by an incompatible
 * build) is dropped, so that rule starts afresh for this patient.
 */
final class PatientState {
    /** Entry holding the latest measurement instant per vital (no rule id contains '@'). */
    static final String LATEST = "@latest";
    private static final byte FORMAT = 1;
    private static final ObjectMapper JSON = Json.mapper();

    /** Entry name → encoded JSON; {@code null} value = changed since the last encoding (see {@link #decoded}). */
    private final Map<String, byte[]> encoded = new LinkedHashMap<>();
    private final Map<String, Object> decoded = new LinkedHashMap<>();
    private boolean dirty;

    /** The state of {@code entry}, or {@code null}. */
    <S> S get(String entry, Class<S> type) {
        Object value = decoded.get(entry);
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        byte[] bytes = encoded.get(entry);
        if (bytes == null) {
            return null;
        }
        try {
            S state = JSON.readValue(bytes, type);
            decoded.put(entry, state);
            return state;
        } catch (IOException e) {
            Logger.warn("unreadable rule state discarded [entry: {}, type: {}]", entry, type.getSimpleName());
            remove(entry);
            return null;
        }
    }

    /** Sets {@code entry} to {@code state}; {@code null} removes it. */
    void put(String entry, Object state) {
        if (state == null) {
            remove(entry);
            return;
        }
        decoded.put(entry, state);
        encoded.put(entry, null);
        dirty = true;
    }

    void remove(String entry) {
        boolean hadBytes = encoded.containsKey(entry);
        encoded.remove(entry);
        if (decoded.remove(entry) != null || hadBytes) {
            dirty = true;
        }
    }

    /** True if changed since it was read or last encoded. */
    boolean dirty() {
        return dirty;
    }

    boolean isEmpty() {
        return encoded.isEmpty();
    }

    /** The stored form; encodes only the entries changed since the last call. */
    byte[] toBytes() {
        int size = 1;
        for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
            if (e.getValue() == null) {
                e.setValue(encode(decoded.get(e.getKey())));
            }
            size += 8 + e.getKey().length() * 3 + e.getValue().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.putInt(name.length).put(name).putInt(e.getValue().length).put(e.getValue());
        }
        dirty = false;
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    /** The state in {@code bytes}; an empty state for {@code null}, or for bytes in no known format (discarded). */
    static PatientState fromBytes(byte[] bytes) {
        PatientState state = new PatientState();
        if (bytes == null) {
            return state;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown format");
            }
            while (in.hasRemaining()) {
                byte[] name = new byte[in.getInt()];
                in.get(name);
                byte[] value = new byte[in.getInt()];
                in.get(value);
                state.encoded.put(new String(name, StandardCharsets.UTF_8), value);
            }
            return state;
        } catch (RuntimeException e) {
            Logger.warn("unreadable patient state discarded [bytes: {}]", bytes.length);
            PatientState fresh = new PatientState();
            fresh.dirty = true;
            return fresh;
        }
    }

    private static byte[] encode(Object state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode rule state " + state.getClass().getSimpleName(), e);
        }
    }
}
