package org.rpmpipeline.sim;

/**
 * Bounds the publishes awaiting their PUBACK. Unlike a semaphore it admits a group larger than the limit when
 * nothing is in flight, so one big emission (a replay sent twice) can never block the run forever.
 */
final class InFlightLimit {
    private final int max;
    private int inFlight;

    InFlightLimit(int max) {
        this.max = max;
    }

    /** Takes {@code n} slots, waiting up to {@code timeoutMillis}; false if they did not free up in time. */
    synchronized boolean tryAcquire(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (inFlight > 0 && inFlight + n > max) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                return false;
            }
            wait(remaining);
        }
        inFlight += n;
        return true;
    }

    synchronized void release(int n) {
        inFlight -= n;
        notifyAll();
    }
}
