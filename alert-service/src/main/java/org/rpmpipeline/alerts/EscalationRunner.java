package org.rpmpipeline.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.alerts.intake.AlertOutputs;
import org.rpmpipeline.alerts.notify.Escalator;
import org.tinylog.Logger;

/**
 * Checks open alerts for due reminders and escalations every {@code interval}. A step counts as done only
 * once its notifications and its progress record on {@code rpm.alert-timers} are acknowledged by Kafka; a failed
 * step is tried again at the next check. The progress record of an alert acknowledged or resolved is deleted.
 */
final class EscalationRunner implements AutoCloseable, Runnable {
    private final Escalator escalator;
    private final AlertOutputs outputs;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    EscalationRunner(Escalator escalator, AlertOutputs outputs, Clock clock, Duration interval) {
        this.escalator = escalator;
        this.outputs = outputs;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rpm-alerts-escalation");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void run() {
        for (Escalator.Step step : escalator.due(clock.instant())) {
            try {
                for (Future<?> send : outputs.escalate(step)) {
                    send.get(10, TimeUnit.SECONDS);
                }
                escalator.done(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Logger.warn("escalation step failed, will retry [alert: {}, step: {}, error: {}]",
                        step.alert().alertId(), step.number(), e.toString());
            }
        }
        // best effort: a record left behind is ignored after a restart (its alert is no longer open)
        escalator.drainEnded().forEach(outputs::escalationEnded);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
