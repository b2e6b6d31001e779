package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Everything the reading rules keep about one patient, stored as ONE record per patient in
 * {@code patient-state-store}: the latest measurement instant per vital and each rule's state, as named entries.
 * One record per patient means one store write and one changelog record per reading however many rules changed
 * their state.
 *
 * <p>Stored form: a Smile document ({@link StateFormat}) mapping each entry name to its state, itself a Smile
 * document embedded as binary. Entries are decoded lazily and re-encoded only when they changed, so a reading that
 * changes one rule's state encodes that state alone and copies the other entries' bytes. A record of an earlier
 * format ({@link LegacyStateFormat}) is migrated when read and marked changed, so it is written back in the current
 * form. An entry that cannot be read any more (an incompatible change to its record, see stream-processor/DESIGN.md)
 * is dropped, so that rule starts afresh for this patient, and counted in the {@link StateAccounting}.
 */
final class PatientState {
    /** Entry holding the latest measurement instant per vital (no rule id contains '@'). */
    static final String LATEST = "@latest";
    private static final String STORE = VitalsTopology.PATIENT_STATE_STORE;
    private static final int INITIAL_ENTRIES = 8;

    private final StateAccounting accounting;
    /**
     * The entries in insertion order, as parallel arrays (a handful per patient, scanned linearly: cheaper than a
     * map on the hot path): the name, the encoded state ({@code null} = changed since the last encoding), the
     * decoded state ({@code null} = not decoded yet).
     */
    private String[] names = new String[INITIAL_ENTRIES];
    private byte[][] encoded = new byte[INITIAL_ENTRIES][];
    private Object[] decoded = new Object[INITIAL_ENTRIES];
    private int size;
    private boolean dirty;

    PatientState(StateAccounting accounting) {
        this.accounting = accounting;
    }

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
            S state = StateFormat.decode(bytes, type);
            if (state == null) {
                throw new IllegalArgumentException("null state");
            }
            decoded[i] = state;
            return state;
        } catch (IOException | RuntimeException e) {
            Logger.debug("unreadable rule state dropped [entry: {}, type: {}, cause: {}]", entry,
                    type.getSimpleName(), e.getClass().getSimpleName());
            accounting.dropped(STORE);
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
            i = append(entry);
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
        System.arraycopy(encoded, i + 1, encoded, i, tail);
        System.arraycopy(decoded, i + 1, decoded, i, tail);
        size--;
        names[size] = null;
        encoded[size] = null;
        decoded[size] = null;
        dirty = true;
    }

    /** True if changed since it was read or last encoded (a record migrated from an earlier format is changed). */
    boolean dirty() {
        return dirty;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The stored form; encodes only the entries changed since the last call. */
    byte[] toBytes() {
        int length = 16;
        for (int i = 0; i < size; i++) {
            if (encoded[i] == null) {
                encoded[i] = StateFormat.encode(decoded[i]);
            }
            length += 8 + names[i].length() + encoded[i].length;
        }
        ByteArrayBuilder out = new ByteArrayBuilder(length);
        try (JsonGenerator g = StateFormat.smile().createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < size; i++) {
                g.writeFieldName(names[i]);
                g.writeBinary(encoded[i]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write patient state", e);
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

    private int append(String name) {
        if (size == names.length) {
            int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            encoded = Arrays.copyOf(encoded, capacity);
            decoded = Arrays.copyOf(decoded, capacity);
        }
        names[size] = name;
        return size++;
    }

    /** Adds an entry read from a stored record (a name appears once in a record written by this class). */
    private void read(String name, byte[] value) {
        if (value.length == 0) {
            throw new IllegalArgumentException("empty entry");
        }
        int i = indexOf(name);
        if (i < 0) {
            i = append(name);
        }
        encoded[i] = value;
        decoded[i] = null;
    }

    /**
     * The state in {@code bytes}: empty for {@code null}; migrated (and marked changed) for a record of an earlier
     * format; empty and marked changed, counted as dropped, for bytes in no known format.
     */
    static PatientState fromBytes(byte[] bytes, StateAccounting accounting) {
        PatientState state = new PatientState(accounting);
        if (bytes == null) {
            return state;
        }
        try {
            if (StateFormat.isSmile(bytes)) {
                readCurrent(bytes, state);
            } else if (LegacyStateFormat.isLegacyRecord(bytes)) {
                Map<String, byte[]> entries = LegacyStateFormat.entries(bytes, entry -> {
                    Logger.debug("unreadable rule state of an earlier format dropped [entry: {}]", entry);
                    accounting.dropped(STORE);
                });
                entries.forEach(state::read);
                state.dirty = true;
                accounting.migrated(STORE);
            } else {
                throw new IllegalArgumentException("unknown format");
            }
            return state;
        } catch (IOException | RuntimeException e) {
            Logger.debug("unreadable patient state dropped [bytes: {}, cause: {}]", bytes.length,
                    e.getClass().getSimpleName());
            accounting.dropped(STORE);
            PatientState fresh = new PatientState(accounting);
            fresh.dirty = true;
            return fresh;
        }
    }

    private static void readCurrent(byte[] bytes, PatientState state) throws IOException {
        try (JsonParser p = StateFormat.smile().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_EMBEDDED_OBJECT) {
                    throw new IllegalArgumentException("entry is not binary");
                }
                state.read(name, p.getBinaryValue());
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
        }
    }
}
