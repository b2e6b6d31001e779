package org.rpmpipeline.alerts.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per client address: after {@link #MAX_FAILURES} within {@link #WINDOW} the address is refused
 * until the window has passed, so tokens cannot be guessed at speed. Bounded: the least recently failing
 * addresses are forgotten first.
 */
final class SignInThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final LinkedHashMap<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private record Failures(Instant since, int count) {
    }

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** True if the address may try now. */
    synchronized boolean allowed(String address) {
        Failures failures = byAddress.get(address);
        if (failures == null) {
            return true;
        }
        if (!clock.instant().isBefore(failures.since().plus(WINDOW))) {
            byAddress.remove(address);
            return true;
        }
        return failures.count() < MAX_FAILURES;
    }

    synchronized void failed(String address) {
        Instant now = clock.instant();
        byAddress.merge(address, new Failures(now, 1), (known, one) -> now.isBefore(known.since().plus(WINDOW))
                ? new Failures(known.since(), known.count() + 1) : one);
    }

    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
