package org.rpmpipeline.gateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTextTest {

    @Test
    void keepsShortTextAsIs() {
        assertThat(DeviceText.quote("mmHg")).isEqualTo("\"mmHg\"");
    }

    @Test
    void cutsLongTextToTheBound() {
        assertThat(DeviceText.quote("x".repeat(10_000))).hasSize(DeviceText.QUOTE_CHARS + 2).endsWith("...\"");
        assertThat(DeviceText.oneLine("abcdefghij", 8)).isEqualTo("abcde...");
    }

    @Test
    void replacesControlCharactersSoTheTextStaysOnOneLine() {
        assertThat(DeviceText.oneLine("a\nb\r\u0000c\u2028d\u007f", 100)).isEqualTo("a?b??c?d?");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "ab\ud83d\ude00cdefgh";

        assertThat(DeviceText.oneLine(text, 6)).isEqualTo("ab...");
    }
}
