package org.rpmpipeline.ble;

import java.util.HexFormat;

/** Test vectors written as in DOMAIN.md: space-separated hex octets in wire order. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String octets) {
        String compact = octets.replace(" ", "");
        return HexFormat.of().parseHex(compact);
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }
}
