package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.rpmpipeline.contract.json.Json;
import org.tinylog.Logger;

/**
 * Everything the reading rules keep about one patient, stored as ONE record per patient in
 * {@code patient-state-store}: the latest measurement instant per vital and each rule's state, as named entries.
 * One record per patient means one store write and one changelog record per reading however many rules changed
 * their state.
 *
 * <p>Stored form: a format byte, then per entry the entry name and its encoded state, each length-prefixed. A
 * state is encoded in the compact binary form of {@link StateCodec} (every rule state is such a record), or as
 * JSON for a type without one; a tag byte says which. Entries are decoded lazily and re-encoded only when they
 * changed, so a reading that changes one rule's state encodes that state alone and copies the other entries'
 * bytes. An entry that cannot be decoded (written by an incompatible build) is dropped, so that rule starts
 * afresh for this patient. Records of the earlier all-JSON format ({@code 1}) are still read.
 */
final class PatientState {
    /** Entry holding the latest measurement instant per vital (no rule id contains '@'). */
    static final String LATEST = "@latest";
    /** Earlier form: entries as JSON, 4-byte length prefixes. */
    private static final byte FORMAT_JSON = 1;
    /** Current form: tagged entries, variable-length prefixes. */
    private static final byte FORMAT_TAGGED = 2;
    private static final byte TAG_JSON = 0;
    private static final byte TAG_BINARY = 1;
    private static final ObjectMapper JSON = Json.mapper();
    private static final int INITIAL_ENTRIES = 8;

    /**
     * The entries in insertion order, as parallel arrays (a handful per patient, scanned linearly: cheaper than a
     * map on the hot path): the name and its UTF-8 form, the tag byte and encoded state ({@code null} = changed
     * since the last encoding), the decoded state ({@code null} = not decoded yet).
     */
    private String[] names = new String[INITIAL_ENTRIES];
    private byte[][] nameBytes = new byte[INITIAL_ENTRIES][];
    private byte[][] encoded = new byte[INITIAL_ENTRIES][];
    private Object[] decoded = new Object[INITIAL_ENTRIES];
    private int size;
    private boolean dirty;

    /** The state of {@code entry}, or {@code null}. */
    <S> S get(String entry, Class<S> type) {
        int i = indexOf(entry);
        if (i < 0) {
            return null;
        }
        Object value = decoded[i];
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        byte[] bytes = encoded[i];
        if (bytes == null) {
            return null;
        }
        try {
            S state = decode(bytes, type);
            decoded[i] = state;
            return state;
        } catch (IOException | RuntimeException e) {
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
        int i = indexOf(entry);
        if (i < 0) {
            i = append(entry, null);
        }
        decoded[i] = state;
        encoded[i] = null;
        dirty = true;
    }

    void remove(String entry) {
        int i = indexOf(entry);
        if (i < 0) {
            return;
        }
        int tail = size - i - 1;
        System.arraycopy(names, i + 1, names, i, tail);
        System.arraycopy(nameBytes, i + 1, nameBytes, i, tail);
        System.arraycopy(encoded, i + 1, encoded, i, tail);
        System.arraycopy(decoded, i + 1, decoded, i, tail);
        size--;
        names[size] = null;
        nameBytes[size] = null;
        encoded[size] = null;
        decoded[size] = null;
        dirty = true;
    }

    /** True if changed since it was read or last encoded. */
    boolean dirty() {
        return dirty;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The stored form; encodes only the entries changed since the last call. */
    byte[] toBytes() {
        int length = 1;
        for (int i = 0; i < size; i++) {
            if (encoded[i] == null) {
                encoded[i] = encode(decoded[i]);
            }
            if (nameBytes[i] == null) {
                nameBytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
            }
            length += 10 + nameBytes[i].length + encoded[i].length;
        }
        StateCodec.Out out = new StateCodec.Out(length);
        out.rawByte(FORMAT_TAGGED);
        for (int i = 0; i < size; i++) {
            out.varLong(nameBytes[i].length);
            out.bytes(nameBytes[i], 0, nameBytes[i].length);
            out.varLong(encoded[i].length);
            out.bytes(encoded[i], 0, encoded[i].length);
        }
        dirty = false;
        return out.toByteArray();
    }

    /**
     * The index of {@code entry}, or -1. Callers pass the same name instances (rule ids, constants), so an
     * identity match usually suffices; a name read from bytes is replaced by the caller's instance on first match.
     */
    private int indexOf(String entry) {
        for (int i = 0; i < size; i++) {
            if (names[i] == entry) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(entry)) {
                names[i] = entry;
                return i;
            }
        }
        return -1;
    }

    private int append(String name, byte[] utf8Name) {
        if (size == names.length) {
            int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            nameBytes = Arrays.copyOf(nameBytes, capacity);
            encoded = Arrays.copyOf(encoded, capacity);
            decoded = Arrays.copyOf(decoded, capacity);
        }
        names[size] = name;
        nameBytes[size] = utf8Name;
        return size++;
    }

    /** Adds an entry read from a stored record (a name appears once in a record written by this class). */
    private void read(byte[] utf8Name, byte[] value) {
        String name = new String(utf8Name, StandardCharsets.UTF_8);
        int i = indexOf(name);
        if (i < 0) {
            i = append(name, utf8Name);
        }
        encoded[i] = value;
        decoded[i] = null;
    }

    /** The state in {@code bytes}; an empty state for {@code null}, or for bytes in no known format (discarded). */
    static PatientState fromBytes(byte[] bytes) {
        PatientState state = new PatientState();
        if (bytes == null) {
            return state;
        }
        try {
            if (bytes.length > 0 && bytes[0] == FORMAT_TAGGED) {
                readTagged(bytes, state);
            } else if (bytes.length > 0 && bytes[0] == FORMAT_JSON) {
                readJson(bytes, state);
            } else {
                throw new IllegalArgumentException("unknown format");
            }
            return state;
        } catch (RuntimeException e) {
            Logger.warn("unreadable patient state discarded [bytes: {}]", bytes.length);
            PatientState fresh = new PatientState();
            fresh.dirty = true;
            return fresh;
        }
    }

    private static void readTagged(byte[] bytes, PatientState state) {
        StateCodec.In in = new StateCodec.In(bytes, 1);
        while (in.position() < bytes.length) {
            byte[] name = in.bytes(in.size());
            byte[] value = in.bytes(in.size());
            if (value.length == 0) {
                throw new IllegalArgumentException("empty entry");
            }
            state.read(name, value);
        }
    }

    private static void readJson(byte[] bytes, PatientState state) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        while (in.hasRemaining()) {
            byte[] name = new byte[in.getInt()];
            in.get(name);
            byte[] value = new byte[in.getInt() + 1];
            value[0] = TAG_JSON;
            in.get(value, 1, value.length - 1);
            state.read(name, value);
        }
    }

    private static <S> S decode(byte[] bytes, Class<S> type) throws IOException {
        if (bytes[0] == TAG_BINARY) {
            return StateCodec.of(type).orElseThrow(() -> new IllegalArgumentException("no binary form"))
                    .read(bytes, 1);
        }
        if (bytes[0] == TAG_JSON) {
            return JSON.readValue(bytes, 1, bytes.length - 1, type);
        }
        throw new IllegalArgumentException("unknown entry tag");
    }

    @SuppressWarnings("unchecked")
    private static <S> byte[] encode(S state) {
        Optional<StateCodec<S>> codec = StateCodec.of((Class<S>) state.getClass());
        if (codec.isPresent()) {
            StateCodec.Out out = new StateCodec.Out(64);
            out.rawByte(TAG_BINARY);
            codec.get().write(state, out);
            return out.toByteArray();
        }
        try {
            byte[] json = JSON.writeValueAsBytes(state);
            byte[] tagged = new byte[json.length + 1];
            tagged[0] = TAG_JSON;
            System.arraycopy(json, 0, tagged, 1, json.length);
            return tagged;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode rule state " + state.getClass().getSimpleName(), e);
        }
    }
}
