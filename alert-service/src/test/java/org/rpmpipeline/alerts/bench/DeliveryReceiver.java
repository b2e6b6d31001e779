package org.rpmpipeline.alerts.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rpmpipeline.alerts.notify.WebhookSignature;

/**
 * The care team's end of the chaos benchmark (bench/chaos/run.sh), in its own process so that the services can be
 * killed around it: a webhook endpoint and an SMTP server (GreenMail) that log every delivery they take, one line
 * each, for the script to count repeats:
 * <ul>
 * <li>{@code webhook.log}: {@code <webhook-id> <valid|invalid>} (the Standard Webhooks signature checked with the
 * service's secret, five minutes' tolerance);</li>
 * <li>{@code email.log}: {@code <Message-ID>}.</li>
 * </ul>
 * Arguments: output folder, webhook port, SMTP port, the webhook secret file, and optionally how many
 * milliseconds the webhook endpoint takes to answer (as a real one does; a delivery is logged when it arrives, and
 * is in flight until the answer). Runs until stopped.
 */
public final class DeliveryReceiver {
    private DeliveryReceiver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: DeliveryReceiver <folder> <webhook-port> <smtp-port> <secret-file> "
                    + "[answer-delay-ms]");
            System.exit(2);
        }
        long answerDelayMs = args.length == 5 ? Long.parseLong(args[4]) : 0;
        Path folder = Path.of(args[0]);
        WebhookSignature signature = new WebhookSignature(WebhookSignature.keyOf(
                Files.readString(Path.of(args[3])).trim()));
        PrintWriter webhooks = append(folder.resolve("webhook.log"));
        PrintWriter emails = append(folder.resolve("email.log"));
        Clock clock = Clock.systemUTC();

        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 50);
        http.setExecutor(Executors.newFixedThreadPool(4));
        ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
        http.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst(WebhookSignature.STANDARD_ID_HEADER);
            boolean valid;
            try {
                valid = signature.verifyStandard(id,
                        Long.parseLong(headers.getFirst(WebhookSignature.STANDARD_TIMESTAMP_HEADER)), body,
                        headers.getFirst(WebhookSignature.STANDARD_SIGNATURE_HEADER), clock.instant(),
                        Duration.ofMinutes(5));
            } catch (RuntimeException e) {
                valid = false;
            }
            synchronized (webhooks) {
                webhooks.println(id + " " + (valid ? "valid" : "invalid"));
                webhooks.flush();
            }
            // the answer is held back answerDelayMs (a slow receiver), without holding a worker thread
            int status = valid ? 204 : 401;
            answers.schedule(() -> {
                try {
                    exchange.sendResponseHeaders(status, -1);
                } catch (IOException e) {
                    // the sender gave up waiting: it counts as a failed delivery on its side
                } finally {
                    exchange.close();
                }
            }, answerDelayMs, TimeUnit.MILLISECONDS);
        });
        http.start();

        GreenMail smtp = new GreenMail(new ServerSetup(Integer.parseInt(args[2]), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ScheduledExecutorService mailLog = Executors.newSingleThreadScheduledExecutor();
        int[] logged = {0};
        Runnable drain = () -> {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (; logged[0] < received.length; logged[0]++) {
                try {
                    emails.println(received[logged[0]].getMessageID());
                } catch (MessagingException e) {
                    emails.println("unreadable");
                }
            }
            emails.flush();
        };
        mailLog.scheduleWithFixedDelay(drain, 1, 1, TimeUnit.SECONDS);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mailLog.shutdown();
            try {
                mailLog.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drain.run();
            http.stop(0);
            smtp.stop();
            stopped.countDown();
        }));
        System.out.println("receiving webhooks on " + args[1] + " and email on " + args[2]);
        stopped.await();
    }

    private static PrintWriter append(Path file) {
        try {
            return new PrintWriter(Files.newBufferedWriter(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
