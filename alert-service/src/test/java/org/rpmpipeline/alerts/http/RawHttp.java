package org.rpmpipeline.alerts.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request over a plain socket, for bodies a server refuses before reading them: the response is read on its own
 * thread while the body is still being sent, as a server answers 413 and closes mid-upload (java.net.http reports
 * that as an I/O error, and its Expect: 100-continue hangs on a final answer in Java 17).
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The response (head and body as text) to {@code head} (ending with an empty line) followed by {@code body}. */
    static String exchange(int port, String head, byte[] body, boolean chunked) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> readAll(in));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                int chunk = 64 * 1024;
                for (int offset = 0; offset < body.length && !response.isDone(); offset += chunk) {
                    int length = Math.min(chunk, body.length - offset);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, offset, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked && !response.isDone()) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException e) {
                // the server stopped reading and closed: its answer is what counts
            }
            return response.get(60, TimeUnit.SECONDS);
        }
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                seen.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer: keep what arrived
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
