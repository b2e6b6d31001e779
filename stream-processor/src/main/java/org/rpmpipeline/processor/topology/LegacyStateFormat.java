package org.rpmpipeline.processor.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads rule state written by earlier builds, so that an upgrade migrates it instead of dropping it. Nothing is
 * written in these forms any more.
 *
 * <ul>
 *   <li>Patient state, format 1: the byte {@code 1}, then per entry a 4-byte name length, the name (UTF-8), a
 *       4-byte value length and the state as JSON.
 *   <li>Patient state, format 2: the byte {@code 2}, then per entry a varint name length, the name, a varint value
 *       length and the value: a tag byte, then the state as JSON (tag {@code 0}) or positional binary (tag
 *       {@code 1}).
 *   <li>Positional binary (format 2, also every {@code reading-dedup-store} record of that build): a 4-byte
 *       fingerprint of the record's shape, then its components in declaration order, without names. Numbers are
 *       zig-zag varints; strings a varint of length + 1 ({@code 0}: null) and UTF-8; every other reference value a
 *       presence byte first; instants and durations seconds and nanoseconds; dates epoch days; decimals the scale,
 *       then the unscaled value as a varint (flag {@code 0}) or two's-complement bytes (flag {@code 1}); enums
 *       their name; lists and maps a count, then the elements (keys and values alternating).
 * </ul>
 *
 * <p>Positional bytes carry no field names, so they can only be read with the shape they were written for. The
 * shapes of format 2 are frozen below as they were when it was retired: whatever the state records become, the
 * bytes are read by the frozen shape and rewritten as a Smile document with the components' names, which the
 * current record then reads like any stored state (a component it no longer has is ignored, one it gained is
 * absent). Bytes of a shape not listed here (a development build) cannot be read.
 */
final class LegacyStateFormat {
    static final byte FORMAT_JSON = 1;
    static final byte FORMAT_TAGGED = 2;
    private static final byte TAG_JSON = 0;
    private static final byte TAG_BINARY = 1;
    /** Nesting depth the shapes below stay within. */
    private static final int MAX_DEPTH = 8;

    /** The state records' shapes when format 2 was retired, in the notation its fingerprint was computed over. */
    static final List<String> FROZEN_SHAPES = List.of(
            "org.rpmpipeline.processor.rules.ThresholdRule$State(severity:org.rpmpipeline.contract.finding.Severity;"
                    + "since:java.time.Instant;worst:java.math.BigDecimal;)",
            "org.rpmpipeline.processor.rules.SustainedRule$State(runStart:java.time.Instant;"
                    + "lastQualifyingAt:java.time.Instant;lastAt:java.time.Instant;samples:int;active:boolean;"
                    + "worst:java.math.BigDecimal;evidence:list<org.rpmpipeline.contract.finding.Evidence("
                    + "readingId:java.lang.String;vital:org.rpmpipeline.contract.vital.VitalType;"
                    + "value:java.math.BigDecimal;unit:java.lang.String;measuredAt:java.time.Instant;)>;"
                    + "deviceIds:list<java.lang.String>;)",
            "org.rpmpipeline.processor.rules.TrendRule$State(points:list<org.rpmpipeline.processor.rules."
                    + "TrendRule$Point(at:java.time.Instant;value:java.math.BigDecimal;readingId:java.lang.String;"
                    + "deviceId:java.lang.String;)>;episodeStart:java.time.Instant;)",
            "org.rpmpipeline.processor.rules.News2Rule$State(latest:map<java.lang.String,org.rpmpipeline."
                    + "processor.rules.News2Rule$Latest(value:java.math.BigDecimal;at:java.time.Instant;"
                    + "readingId:java.lang.String;deviceId:java.lang.String;)>;trigger:org.rpmpipeline.processor."
                    + "rules.News2$Trigger;episodeStart:java.time.Instant;lastAt:java.time.Instant;)",
            "org.rpmpipeline.processor.rules.AdherenceRule$State(firstDay:java.time.LocalDate;"
                    + "periodStart:java.time.LocalDate;days:list<java.time.LocalDate>;flagged:boolean;"
                    + "recentDays:list<java.time.LocalDate>;reportedThrough:java.time.LocalDate;)",
            "org.rpmpipeline.processor.topology.LatestMeasurements(latest:map<java.lang.String,java.time.Instant>;)",
            "org.rpmpipeline.processor.topology.ReadingDedup$Bucket(start:java.time.Instant;"
                    + "ids:list<java.lang.String>;spilled:boolean;)");

    /** The frozen shapes by fingerprint (the hash code of the shape's notation). */
    private static final Map<Integer, Shape> SHAPES = new LinkedHashMap<>();

    static {
        for (String notation : FROZEN_SHAPES) {
            SHAPES.put(notation.hashCode(), new ShapeParser(notation).parse());
        }
    }

    private LegacyStateFormat() {
    }

    /** True if {@code bytes} are a patient state record of format 1 or 2. */
    static boolean isLegacyRecord(byte[] bytes) {
        return bytes.length > 0 && (bytes[0] == FORMAT_JSON || bytes[0] == FORMAT_TAGGED);
    }

    /**
     * The entries of a patient state record of format 1 or 2, each in the current entry form (Smile, or JSON for
     * an entry that was JSON); an entry that cannot be read is left out and named to {@code unreadable}. Throws
     * {@link IllegalArgumentException} if the record itself is malformed.
     */
    static Map<String, byte[]> entries(byte[] record, Consumer<String> unreadable) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (record.length > 0 && record[0] == FORMAT_JSON) {
            ByteBuffer in = ByteBuffer.wrap(record, 1, record.length - 1);
            try {
                while (in.hasRemaining()) {
                    byte[] name = new byte[in.getInt()];
                    in.get(name);
                    byte[] json = new byte[in.getInt()];
                    in.get(json);
                    entries.put(new String(name, StandardCharsets.UTF_8), json);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed record of format 1", e);
            }
            return entries;
        }
        if (record.length == 0 || record[0] != FORMAT_TAGGED) {
            throw new IllegalArgumentException("not a record of format 1 or 2");
        }
        In in = new In(record, 1);
        while (in.position < record.length) {
            String name = new String(in.bytes(in.size()), StandardCharsets.UTF_8);
            byte[] value = in.bytes(in.size());
            try {
                entries.put(name, entry(value));
            } catch (RuntimeException e) {
                unreadable.accept(name);
            }
        }
        return entries;
    }

    private static byte[] entry(byte[] value) {
        if (value.length > 1 && value[0] == TAG_JSON) {
            return Arrays.copyOfRange(value, 1, value.length);
        }
        if (value.length > 1 && value[0] == TAG_BINARY) {
            return toSmile(value, 1);
        }
        throw new IllegalArgumentException("unknown entry tag");
    }

    /**
     * The positional binary state in {@code bytes} from {@code offset} as a Smile document; throws
     * {@link IllegalArgumentException} for a shape not frozen here or malformed bytes.
     */
    static byte[] toSmile(byte[] bytes, int offset) {
        In in = new In(bytes, offset);
        Shape shape = SHAPES.get(in.fixedInt());
        if (shape == null) {
            throw new IllegalArgumentException("written for a shape not known to this build");
        }
        ByteArrayBuilder out = new ByteArrayBuilder(bytes.length * 2);
        try (JsonGenerator g = StateFormat.smile().createGenerator(out)) {
            transcode(shape, in, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (in.position != bytes.length) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return out.toByteArray();
    }

    private static void transcode(Shape shape, In in, JsonGenerator g) throws IOException {
        if (shape.hasPresenceByte() && in.rawByte() == 0) {
            g.writeNull();
            return;
        }
        Shape value = shape.unboxed();
        switch (value.kind) {
            case INT -> g.writeNumber((int) in.varLong());
            case LONG -> g.writeNumber(in.varLong());
            case BOOLEAN -> g.writeBoolean(in.rawByte() != 0);
            case DOUBLE -> g.writeNumber(Double.longBitsToDouble(in.varLong()));
            case STRING -> {
                String s = in.string();
                if (s == null) {
                    g.writeNull();
                } else {
                    g.writeString(s);
                }
            }
            case ENUM -> writeEnum(value, in.string(), g);
            case INSTANT -> g.writeObject(Instant.ofEpochSecond(in.varLong(), in.varLong()));
            case LOCAL_DATE -> g.writeObject(LocalDate.ofEpochDay(in.varLong()));
            case DURATION -> g.writeObject(Duration.ofSeconds(in.varLong(), in.varLong()));
            case DECIMAL -> g.writeNumber(in.decimal());
            case LIST -> {
                int size = in.size();
                g.writeStartArray();
                for (int i = 0; i < size; i++) {
                    transcode(value.children.get(0), in, g);
                }
                g.writeEndArray();
            }
            case MAP -> {
                int size = in.size();
                g.writeStartObject();
                for (int i = 0; i < size; i++) {
                    String key = in.string();
                    if (key == null) {
                        throw new IllegalArgumentException("null map key");
                    }
                    g.writeFieldName(key);
                    transcode(value.children.get(1), in, g);
                }
                g.writeEndObject();
            }
            case RECORD -> {
                g.writeStartObject();
                for (int i = 0; i < value.children.size(); i++) {
                    g.writeFieldName(value.names.get(i));
                    transcode(value.children.get(i), in, g);
                }
                g.writeEndObject();
            }
            default -> throw new IllegalStateException(value.kind.name());
        }
    }

    /**
     * An enum was written by its constant's name; it is written on as the constant, so in the form the current
     * mapper gives that enum (e.g. its {@code @JsonValue} code). An enum type no longer on the class path is written
     * by name.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void writeEnum(Shape shape, String name, JsonGenerator g) throws IOException {
        if (name == null) {
            g.writeNull();
        } else if (shape.enumType() != null) {
            g.writeObject(Enum.valueOf((Class) shape.enumType(), name));
        } else {
            g.writeString(name);
        }
    }

    private enum Kind {
        INT, LONG, BOOLEAN, DOUBLE, BOXED_INT, BOXED_LONG, BOXED_BOOLEAN, BOXED_DOUBLE, STRING, INSTANT, LOCAL_DATE,
        DURATION, DECIMAL, ENUM, LIST, MAP, RECORD
    }

    /** A node of a frozen shape: a value kind, with its components (records) or element types (lists, maps). */
    private record Shape(Kind kind, List<String> names, List<Shape> children, Class<?> enumType) {
        /** Every value but a primitive and a string starts with a presence byte (0: null). */
        boolean hasPresenceByte() {
            return switch (kind) {
                case INT, LONG, BOOLEAN, DOUBLE, STRING -> false;
                default -> true;
            };
        }

        /** A boxed number or boolean is read as its primitive after the presence byte. */
        Shape unboxed() {
            return switch (kind) {
                case BOXED_INT -> scalar(Kind.INT);
                case BOXED_LONG -> scalar(Kind.LONG);
                case BOXED_BOOLEAN -> scalar(Kind.BOOLEAN);
                case BOXED_DOUBLE -> scalar(Kind.DOUBLE);
                default -> this;
            };
        }

        static Shape scalar(Kind kind) {
            return new Shape(kind, List.of(), List.of(), null);
        }

        /** An enum written by name; its type, if still on the class path. */
        static Shape enumeration(String typeName) {
            Class<?> type;
            try {
                type = Class.forName(typeName, false, LegacyStateFormat.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                type = null;
            }
            return new Shape(Kind.ENUM, List.of(), List.of(), type != null && type.isEnum() ? type : null);
        }
    }

    /** Parses the shape notation: {@code name(component:shape;...)}, {@code list<shape>}, {@code map<k,v>}, types. */
    private static final class ShapeParser {
        /** The types written by a fixed rule; any other type that is not a record was an enum. */
        private static final Map<String, Kind> BUILT_IN = Map.ofEntries(Map.entry("int", Kind.INT),
                Map.entry("long", Kind.LONG), Map.entry("boolean", Kind.BOOLEAN), Map.entry("double", Kind.DOUBLE),
                Map.entry("java.lang.Integer", Kind.BOXED_INT), Map.entry("java.lang.Long", Kind.BOXED_LONG),
                Map.entry("java.lang.Boolean", Kind.BOXED_BOOLEAN), Map.entry("java.lang.Double", Kind.BOXED_DOUBLE),
                Map.entry("java.lang.String", Kind.STRING), Map.entry("java.time.Instant", Kind.INSTANT),
                Map.entry("java.time.LocalDate", Kind.LOCAL_DATE), Map.entry("java.time.Duration", Kind.DURATION),
                Map.entry("java.math.BigDecimal", Kind.DECIMAL));

        private final String notation;
        private int position;

        ShapeParser(String notation) {
            this.notation = notation;
        }

        Shape parse() {
            Shape shape = shape(0);
            if (position != notation.length()) {
                throw new IllegalArgumentException("trailing notation at " + position);
            }
            return shape;
        }

        private Shape shape(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested too deeply");
            }
            String name = token();
            if (name.equals("list") && peek('<')) {
                expect('<');
                Shape element = shape(depth + 1);
                expect('>');
                return new Shape(Kind.LIST, List.of(), List.of(element), null);
            }
            if (name.equals("map") && peek('<')) {
                expect('<');
                Shape key = shape(depth + 1);
                expect(',');
                Shape value = shape(depth + 1);
                expect('>');
                if (key.kind != Kind.STRING) {
                    throw new IllegalArgumentException("map keys other than strings");
                }
                return new Shape(Kind.MAP, List.of(), List.of(key, value), null);
            }
            if (peek('(')) {
                expect('(');
                List<String> names = new ArrayList<>();
                List<Shape> components = new ArrayList<>();
                while (!peek(')')) {
                    names.add(token());
                    expect(':');
                    components.add(shape(depth + 1));
                    expect(';');
                }
                expect(')');
                return new Shape(Kind.RECORD, List.copyOf(names), List.copyOf(components), null);
            }
            if (!BUILT_IN.containsKey(name)) {
                return Shape.enumeration(name);
            }
            return Shape.scalar(BUILT_IN.get(name));
        }

        private String token() {
            int start = position;
            while (position < notation.length() && "(),:;<>".indexOf(notation.charAt(position)) < 0) {
                position++;
            }
            if (position == start) {
                throw new IllegalArgumentException("name expected at " + start);
            }
            return notation.substring(start, position);
        }

        private boolean peek(char c) {
            return position < notation.length() && notation.charAt(position) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("'" + c + "' expected at " + position);
            }
            position++;
        }
    }

    /** A reader over positional bytes; throws {@link IllegalArgumentException} on truncated or malformed input. */
    private static final class In {
        private final byte[] bytes;
        private int position;

        In(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        byte[] bytes(int length) {
            byte[] copy = Arrays.copyOfRange(bytes, position, position + check(length));
            position += length;
            return copy;
        }

        int rawByte() {
            check(1);
            return bytes[position++];
        }

        int fixedInt() {
            check(4);
            int v = (bytes[position] & 0xFF) << 24 | (bytes[position + 1] & 0xFF) << 16
                    | (bytes[position + 2] & 0xFF) << 8 | (bytes[position + 3] & 0xFF);
            position += 4;
            return v;
        }

        long varLong() {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = (byte) rawByte();
                zigzag |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new IllegalArgumentException("malformed number");
        }

        /** A non-negative length or count that fits in the remaining bytes. */
        int size() {
            long n = varLong();
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("bad length " + n);
            }
            return (int) n;
        }

        String string() {
            long encoded = varLong();
            if (encoded == 0) {
                return null;
            }
            int length = check(encoded - 1);
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        BigDecimal decimal() {
            int scale = (int) varLong();
            if (rawByte() == 0) {
                return BigDecimal.valueOf(varLong(), scale);
            }
            return new BigDecimal(new BigInteger(bytes(size())), scale);
        }

        private int check(long length) {
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("truncated");
            }
            return (int) length;
        }
    }
}
