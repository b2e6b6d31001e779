package org.rpmpipeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void tryAcquire_withinTheLimit_succeedsAndBeyondItTimesOut() throws Exception {
        InFlightLimit limit = new InFlightLimit(3);

        assertThat(limit.tryAcquire(2, 0)).isTrue();
        assertThat(limit.tryAcquire(1, 0)).isTrue();
        assertThat(limit.tryAcquire(1, 20)).isFalse();

        limit.release(1);
        assertThat(limit.tryAcquire(1, 0)).isTrue();
    }

    @Test
    void tryAcquire_groupLargerThanTheLimit_isAdmittedWhenNothingIsInFlight() throws Exception {
        InFlightLimit limit = new InFlightLimit(2);

        assertThat(limit.tryAcquire(8, 0)).isTrue();
        assertThat(limit.tryAcquire(1, 0)).isFalse();

        limit.release(8);
        assertThat(limit.tryAcquire(2, 0)).isTrue();
    }
}
