package org.rpmpipeline.alerts.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rpmpipeline.contract.alert.Notification;
import org.tinylog.Logger;

/**
 * The notifications this instance's channels delivered, by notification id: the outbox that keeps repeated work
 * from reaching a care-team member twice. A batch retried after a Kafka failure, findings read again after a
 * crash or by the instance that took over their partitions, and an escalation step repeated all compute the same
 * notification ids; the {@link Notifier} skips an id found here.
 *
 * <p>Each delivery is written to Kafka ({@code rpm.notification-deliveries}, outside the batch's transaction)
 * and {@link #record} waits for the acknowledgement; the {@link Notifier} starts a channel send only after
 * {@link #catchUp()} confirmed every earlier delivery recorded. So at any moment at most one delivery per
 * sending thread is not yet in Kafka: only those can repeat after a crash. On partition assignment the records of
 * the owned patients are {@linkplain #restore read back}. Entries older than {@link #HORIZON} are forgotten (the
 * topic's retention is the broker default, also 7 days).
 */
public final class DeliveryLog {
    /** How long a delivery is remembered: work repeated later than this after a delivery repeats it. */
    public static final Duration HORIZON = Duration.ofDays(7);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Function<Notification, Future<?>> writer;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Ids whose write has not (yet) been acknowledged. */
    private final Set<String> unconfirmed = ConcurrentHashMap.newKeySet();
    private volatile Instant pruned;

    /**
     * @param writer sends one delivery record to Kafka and returns the acknowledgement to wait for
     */
    public DeliveryLog(Function<Notification, Future<?>> writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
        this.pruned = clock.instant();
    }

    private record Entry(Notification notification, Future<?> write) {
    }

    /** The notification delivered under {@code notificationId}, if this log knows it. */
    public Optional<Notification> find(String notificationId) {
        Entry entry = entries.get(notificationId);
        return entry == null ? Optional.empty() : Optional.of(entry.notification());
    }

    /**
     * Remembers that {@code notification} was delivered and writes it to Kafka, waiting for the acknowledgement
     * (bounded by the producer's delivery timeout). Returns the write: failed if Kafka did not take it, in which
     * case the delivery stays remembered here and {@link #catchUp()} writes it again.
     */
    public Future<?> record(Notification notification) {
        pruneIfDue();
        String id = notification.notificationId();
        Entry entry = new Entry(notification, write(notification));
        entries.put(id, entry);
        unconfirmed.add(id);
        return await(entry);
    }

    /**
     * Makes sure every delivery so far is in Kafka: writes again those whose write failed and waits for those
     * still pending. Returns false if one is still not acknowledged (Kafka away): no new delivery should start.
     */
    public boolean catchUp() {
        boolean recorded = true;
        for (String id : List.copyOf(unconfirmed)) {
            Entry entry = entries.get(id);
            if (entry == null) {
                unconfirmed.remove(id);
                continue;
            }
            if (entry.write().isDone() && !succeeded(entry.write())) {
                entry = new Entry(entry.notification(), write(entry.notification()));
                entries.put(id, entry);
            }
            recorded &= succeeded(await(entry));
        }
        return recorded;
    }

    /** Adds deliveries read back from Kafka (already recorded there); those beyond the horizon are ignored. */
    public void restore(Collection<Notification> delivered) {
        Instant oldest = clock.instant().minus(HORIZON);
        for (Notification notification : delivered) {
            if (!notification.sentAt().isBefore(oldest)) {
                entries.putIfAbsent(notification.notificationId(),
                        new Entry(notification, CompletableFuture.completedFuture(null)));
            }
        }
    }

    /** Forgets the deliveries to patients for which {@code owned} is false (partitions this instance lost). */
    public void retainPatients(Predicate<String> owned) {
        entries.values().removeIf(entry -> entry.notification().patientId() != null
                && !owned.test(entry.notification().patientId())
                && !unconfirmed.contains(entry.notification().notificationId()));
    }

    /** The number of deliveries remembered. */
    public int size() {
        return entries.size();
    }

    private Future<?> write(Notification notification) {
        try {
            return writer.apply(notification);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Future<?> await(Entry entry) {
        String id = entry.notification().notificationId();
        try {
            entry.write().get();
            unconfirmed.remove(id);
        } catch (ExecutionException e) {
            Logger.warn("delivery record not written, will write it again [notification: {}, error: {}]", id,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return entry.write();
    }

    private static boolean succeeded(Future<?> write) {
        if (!write.isDone() || write.isCancelled()) {
            return false;
        }
        try {
            write.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pruneIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(pruned.plus(PRUNE_EVERY))) {
            return;
        }
        pruned = now;
        Instant oldest = now.minus(HORIZON);
        entries.values().removeIf(entry -> entry.notification().sentAt().isBefore(oldest)
                && !unconfirmed.contains(entry.notification().notificationId()));
    }
}
