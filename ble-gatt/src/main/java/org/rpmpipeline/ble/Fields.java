package org.rpmpipeline.ble;

/** Range checks for measurement record fields (what the wire field can hold). */
final class Fields {
    private Fields() {
    }

    static void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(field + " " + value + " outside [" + min + ", " + max + "]");
        }
    }

    static void together(String fields, Object... values) {
        boolean anyNull = false;
        boolean anySet = false;
        for (Object value : values) {
            anyNull |= value == null;
            anySet |= value != null;
        }
        if (anyNull && anySet) {
            throw new IllegalArgumentException(fields + " are present together or not at all");
        }
    }
}
