package org.rpmpipeline.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class GattDateTimeTest {

    @Test
    void decodesTheVerifiedDateTimeVector() {
        // DOMAIN.md 1.3 VERIFIED: E4 07 01 02 0A 15 30 -> 2020-01-02 10:21:48
        GattDateTime time = new GattReader(Hex.bytes("E4 07 01 02 0A 15 30")).dateTime("time stamp");

        assertThat(time.toLocalDateTime()).contains(LocalDateTime.of(2020, 1, 2, 10, 21, 48));
    }

    @Test
    void unknownDate_hasNoLocalDateTime_butKeepsTheTimeOfDay() {
        // DOMAIN.md 1.3 VERIFIED: 00 00 00 00 12 1A 20 -> date unknown, 18:26:32
        GattDateTime time = new GattReader(Hex.bytes("00 00 00 00 12 1A 20")).dateTime("time stamp");

        assertThat(time.isDateKnown()).isFalse();
        assertThat(time.toLocalDateTime()).isEmpty();
        assertThat(time).isEqualTo(new GattDateTime(0, 0, 0, 18, 26, 32));
    }

    @Test
    void outOfRangeFields_areMalformed() {
        assertThatThrownBy(() -> new GattReader(Hex.bytes("E4 07 0D 02 0A 15 30")).dateTime("time stamp"))
                .isInstanceOf(GattFormatException.class).hasMessageContaining("'time stamp'")
                .hasMessageContaining("month 13");
        assertThatThrownBy(() -> new GattDateTime(2023, 2, 29, 0, 0, 0)).hasMessageContaining("no such date");
        assertThatThrownBy(() -> new GattDateTime(2023, 1, 1, 24, 0, 0)).hasMessageContaining("hours 24");
    }

    @Test
    void roundTripsThroughTheWire() {
        GattDateTime time = GattDateTime.of(LocalDateTime.of(2024, 11, 29, 23, 8, 57, 123));

        byte[] bytes = new GattWriter().dateTime(time).toByteArray();

        assertThat(Hex.of(bytes)).isEqualTo("E8 07 0B 1D 17 08 39");
        assertThat(new GattReader(bytes).dateTime("time stamp")).isEqualTo(time);
    }
}
