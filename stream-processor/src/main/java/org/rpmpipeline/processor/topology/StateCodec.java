package org.rpmpipeline.processor.topology;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compact binary form of the rule states kept in {@link PatientState}: records whose components are strings,
 * numbers, booleans, enums (by name), instants, local dates, durations, decimals (unscaled value and scale, so
 * {@code 97} and {@code 97.0} stay distinct), lists, maps and nested such records. Every rule state is a record
 * of this kind, so none of them needs JSON on the hot path; a type outside this set has no codec and is kept as
 * JSON by {@link PatientState}.
 *
 * <p>The form is positional, so it starts with a fingerprint of the record's shape (component names and types,
 * recursively): bytes written for another shape, e.g. by a build whose state record gained a field, do not
 * decode (the caller drops the entry and the rule starts afresh, as with any unreadable entry).
 */
final class StateCodec<T> {
    private static final Map<Class<?>, Optional<StateCodec<?>>> CODECS = new ConcurrentHashMap<>();

    private final int fingerprint;
    private final Value<T> value;

    private StateCodec(int fingerprint, Value<T> value) {
        this.fingerprint = fingerprint;
        this.value = value;
    }

    /** The codec of {@code type}, if it is a record made of supported types. */
    @SuppressWarnings("unchecked")
    static <T> Optional<StateCodec<T>> of(Class<T> type) {
        Optional<StateCodec<?>> codec = CODECS.computeIfAbsent(type, StateCodec::build);
        return codec.map(c -> (StateCodec<T>) c);
    }

    private static Optional<StateCodec<?>> build(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        try {
            StringBuilder shape = new StringBuilder();
            Value<?> value = value(type, shape, 0);
            return Optional.of(new StateCodec<>(shape.toString().hashCode(), value));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Appends the encoded {@code state} to {@code out}. */
    void write(T state, Out out) {
        out.fixedInt(fingerprint);
        value.write(state, out);
    }

    /** The state in {@code bytes} from {@code offset}; throws if they were written for another shape. */
    T read(byte[] bytes, int offset) {
        In in = new In(bytes, offset);
        if (in.fixedInt() != fingerprint) {
            throw new IllegalArgumentException("written for another shape");
        }
        T state = value.read(in);
        if (in.position != bytes.length) {
            throw new IllegalArgumentException("trailing bytes");
        }
        return state;
    }

    /** Encoder and decoder of one value; reference types include their own null marker. */
    private interface Value<T> {
        void write(T value, Out out);

        T read(In in);
    }

    private static Value<?> value(Type type, StringBuilder shape, int depth) {
        if (depth > 8) {
            throw new UnsupportedOperationException("nested too deeply");
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                shape.append("list<");
                Value<?> element = value(args[0], shape, depth + 1);
                shape.append('>');
                return nullable(list(element));
            }
            if (raw == Map.class) {
                shape.append("map<");
                Value<?> key = value(args[0], shape, depth + 1);
                shape.append(',');
                Value<?> val = value(args[1], shape, depth + 1);
                shape.append('>');
                return nullable(map(key, val));
            }
            throw new UnsupportedOperationException(type.getTypeName());
        }
        if (!(type instanceof Class<?> cls)) {
            throw new UnsupportedOperationException(type.getTypeName());
        }
        shape.append(cls.getName());
        if (cls == int.class) {
            return new Value<Integer>() {
                public void write(Integer v, Out out) {
                    out.varLong(v);
                }

                public Integer read(In in) {
                    return (int) in.varLong();
                }
            };
        }
        if (cls == long.class) {
            return new Value<Long>() {
                public void write(Long v, Out out) {
                    out.varLong(v);
                }

                public Long read(In in) {
                    return in.varLong();
                }
            };
        }
        if (cls == boolean.class) {
            return new Value<Boolean>() {
                public void write(Boolean v, Out out) {
                    out.rawByte(v ? 1 : 0);
                }

                public Boolean read(In in) {
                    return in.rawByte() != 0;
                }
            };
        }
        if (cls == double.class) {
            return new Value<Double>() {
                public void write(Double v, Out out) {
                    out.varLong(Double.doubleToRawLongBits(v));
                }

                public Double read(In in) {
                    return Double.longBitsToDouble(in.varLong());
                }
            };
        }
        if (cls == Integer.class || cls == Long.class || cls == Boolean.class || cls == Double.class) {
            return nullable(value(primitive(cls), new StringBuilder(), depth + 1));
        }
        if (cls == String.class) {
            return STRING;
        }
        if (cls == Instant.class) {
            return nullable(new Value<Instant>() {
                public void write(Instant v, Out out) {
                    out.varLong(v.getEpochSecond());
                    out.varLong(v.getNano());
                }

                public Instant read(In in) {
                    return Instant.ofEpochSecond(in.varLong(), in.varLong());
                }
            });
        }
        if (cls == LocalDate.class) {
            return nullable(new Value<LocalDate>() {
                public void write(LocalDate v, Out out) {
                    out.varLong(v.toEpochDay());
                }

                public LocalDate read(In in) {
                    return LocalDate.ofEpochDay(in.varLong());
                }
            });
        }
        if (cls == Duration.class) {
            return nullable(new Value<Duration>() {
                public void write(Duration v, Out out) {
                    out.varLong(v.getSeconds());
                    out.varLong(v.getNano());
                }

                public Duration read(In in) {
                    return Duration.ofSeconds(in.varLong(), in.varLong());
                }
            });
        }
        if (cls == BigDecimal.class) {
            return nullable(DECIMAL);
        }
        if (cls.isEnum()) {
            return nullable(enumValue(cls));
        }
        if (cls.isRecord()) {
            return nullable(record(cls, shape, depth));
        }
        throw new UnsupportedOperationException(cls.getName());
    }

    private static Class<?> primitive(Class<?> boxed) {
        return boxed == Integer.class ? int.class : boxed == Long.class ? long.class
                : boxed == Boolean.class ? boolean.class : double.class;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <E extends Enum<E>> Value<E> enumValue(Class<?> type) {
        Class<E> enumType = (Class<E>) type;
        return new Value<E>() {
            public void write(E v, Out out) {
                STRING.write(v.name(), out);
            }

            public E read(In in) {
                return Enum.valueOf(enumType, STRING.read(in));
            }
        };
    }

    private static Value<Object> record(Class<?> type, StringBuilder shape, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        MethodHandle[] accessors = new MethodHandle[components.length];
        @SuppressWarnings("unchecked")
        Value<Object>[] values = new Value[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType getter = MethodType.methodType(Object.class, Object.class);
        shape.append('(');
        try {
            for (int i = 0; i < components.length; i++) {
                shape.append(components[i].getName()).append(':');
                @SuppressWarnings("unchecked")
                Value<Object> value = (Value<Object>) value(components[i].getGenericType(), shape, depth + 1);
                values[i] = value;
                shape.append(';');
                accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(getter);
                parameterTypes[i] = components[i].getType();
            }
            Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            shape.append(')');
            return new Value<>() {
                public void write(Object v, Out out) {
                    for (int i = 0; i < values.length; i++) {
                        values[i].write(get(accessors[i], v), out);
                    }
                }

                public Object read(In in) {
                    Object[] args = new Object[values.length];
                    for (int i = 0; i < values.length; i++) {
                        args[i] = values[i].read(in);
                    }
                    try {
                        return (Object) constructor.invokeExact(args);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            // not public, or no public canonical constructor: no binary form
            throw new UnsupportedOperationException(type.getName(), e);
        }
    }

    private static Object get(MethodHandle accessor, Object record) {
        try {
            return (Object) accessor.invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Value<List<Object>> list(Value<?> elementValue) {
        @SuppressWarnings("unchecked")
        Value<Object> element = (Value<Object>) elementValue;
        return new Value<>() {
            public void write(List<Object> v, Out out) {
                out.varLong(v.size());
                for (Object e : v) {
                    element.write(e, out);
                }
            }

            public List<Object> read(In in) {
                int size = in.size();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(element.read(in));
                }
                return list;
            }
        };
    }

    private static Value<Map<Object, Object>> map(Value<?> keyValue, Value<?> valueValue) {
        @SuppressWarnings("unchecked")
        Value<Object> key = (Value<Object>) keyValue;
        @SuppressWarnings("unchecked")
        Value<Object> value = (Value<Object>) valueValue;
        return new Value<>() {
            public void write(Map<Object, Object> v, Out out) {
                out.varLong(v.size());
                for (Map.Entry<Object, Object> e : v.entrySet()) {
                    key.write(e.getKey(), out);
                    value.write(e.getValue(), out);
                }
            }

            public Map<Object, Object> read(In in) {
                int size = in.size();
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    map.put(key.read(in), value.read(in));
                }
                return map;
            }
        };
    }

    /** A presence byte, then the value. */
    @SuppressWarnings("unchecked")
    private static <T> Value<T> nullable(Value<?> present) {
        Value<T> inner = (Value<T>) present;
        return new Value<>() {
            public void write(T v, Out out) {
                if (v == null) {
                    out.rawByte(0);
                } else {
                    out.rawByte(1);
                    inner.write(v, out);
                }
            }

            public T read(In in) {
                return in.rawByte() == 0 ? null : inner.read(in);
            }
        };
    }

    /** Length + 1 (0 for null), then UTF-8. */
    private static final Value<String> STRING = new Value<>() {
        public void write(String v, Out out) {
            if (v == null) {
                out.varLong(0);
                return;
            }
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            out.varLong(utf8.length + 1L);
            out.bytes(utf8, 0, utf8.length);
        }

        public String read(In in) {
            long encoded = in.varLong();
            if (encoded == 0) {
                return null;
            }
            int length = in.check(encoded - 1);
            String s = new String(in.bytes, in.position, length, StandardCharsets.UTF_8);
            in.position += length;
            return s;
        }
    };

    /** Scale, then the unscaled value as a number if it fits in 63 bits, else as two's-complement bytes. */
    private static final Value<BigDecimal> DECIMAL = new Value<>() {
        public void write(BigDecimal v, Out out) {
            out.varLong(v.scale());
            BigInteger unscaled = v.unscaledValue();
            if (unscaled.bitLength() < 63) {
                out.rawByte(0);
                out.varLong(unscaled.longValue());
            } else {
                byte[] bytes = unscaled.toByteArray();
                out.rawByte(1);
                out.varLong(bytes.length);
                out.bytes(bytes, 0, bytes.length);
            }
        }

        public BigDecimal read(In in) {
            int scale = (int) in.varLong();
            if (in.rawByte() == 0) {
                return BigDecimal.valueOf(in.varLong(), scale);
            }
            int length = in.size();
            byte[] bytes = Arrays.copyOfRange(in.bytes, in.position, in.position + in.check(length));
            in.position += length;
            return new BigDecimal(new BigInteger(bytes), scale);
        }
    };

    /** A growable byte sink. */
    static final class Out {
        private byte[] buffer;
        private int size;

        Out(int capacity) {
            buffer = new byte[Math.max(16, capacity)];
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        void rawByte(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void fixedInt(int v) {
            ensure(4);
            buffer[size++] = (byte) (v >>> 24);
            buffer[size++] = (byte) (v >>> 16);
            buffer[size++] = (byte) (v >>> 8);
            buffer[size++] = (byte) v;
        }

        /** Zig-zag variable-length: small magnitudes take one byte. */
        void varLong(long v) {
            long zigzag = (v << 1) ^ (v >> 63);
            ensure(10);
            while ((zigzag & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            buffer[size++] = (byte) zigzag;
        }

        void bytes(byte[] src, int offset, int length) {
            ensure(length);
            System.arraycopy(src, offset, buffer, size, length);
            size += length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    /** A reader over a byte array; throws on truncated input. */
    static final class In {
        private final byte[] bytes;
        private int position;

        In(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int position() {
            return position;
        }

        /** The next {@code length} bytes, copied. */
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

        private int check(long length) {
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("truncated");
            }
            return (int) length;
        }
    }
}
