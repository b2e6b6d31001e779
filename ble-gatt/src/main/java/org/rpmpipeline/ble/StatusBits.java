package org.rpmpipeline.ble;

import java.util.ArrayList;
import java.util.List;

/** Names the set bits of a status field from a table indexed by bit number (null entries = RFU, ignored). */
final class StatusBits {
    private StatusBits() {
    }

    static List<String> names(int bits, String[] table) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < table.length; bit++) {
            if (table[bit] != null && (bits >>> bit & 1) == 1) {
                names.add(table[bit]);
            }
        }
        return names;
    }

    /** Comma-joined names, or null when none is set. */
    static String joined(List<String> names) {
        return names.isEmpty() ? null : String.join(",", names);
    }

    static boolean isSet(Integer bits, int bit) {
        return bits != null && (bits >>> bit & 1) == 1;
    }
}
