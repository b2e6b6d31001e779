package org.rpmpipeline.contract.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rpmpipeline.contract.config.ConfigException;

/**
 * Checks, before anything starts, that the ports a command will listen on are free and distinct, so a port in use
 * is one line naming the flag or key at once instead of a stack trace from a half-started process. A port that
 * another process takes between the check and the listen still fails, later, with the server's own error.
 */
public final class PortCheck {
    private final Map<String, Claim> claims = new LinkedHashMap<>();

    /** A port one listener will use, named by the flag or key that chose it. */
    private record Claim(String name, String bind, int port) {
    }

    /**
     * Adds a listener; port 0 (a free port chosen at start) and negative ports (no listener) are not checked.
     *
     * @param name the flag or key that chose the port, e.g. {@code --mqtt-port} or
     *     {@code RPM_GATEWAY_HTTP_PORT (rpm.gateway.http-port)}
     */
    public PortCheck port(String name, String bind, int port) {
        if (port > 0) {
            claims.put(name, new Claim(name, bind, port));
        }
        return this;
    }

    /** Throws one {@link ConfigException} listing every port that is taken twice or already in use. */
    public void requireFree() {
        List<String> problems = new ArrayList<>();
        Map<Integer, Claim> byPort = new LinkedHashMap<>();
        for (Claim claim : claims.values()) {
            Claim earlier = byPort.putIfAbsent(claim.port(), claim);
            if (earlier != null) {
                problems.add(claim.name() + " " + claim.port() + " is also " + earlier.name()
                        + "'s port; each listener needs its own");
            } else {
                listenProblem(claim.bind(), claim.port()).ifPresent(why -> problems.add(claim.name() + " "
                        + claim.port() + " " + why));
            }
        }
        if (problems.size() == 1) {
            throw new ConfigException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("ports in use", problems);
        }
    }

    /** True if nothing can listen on {@code bind:port} now because something else does. */
    public static boolean inUse(String bind, int port) {
        return listenProblem(bind, port).isPresent();
    }

    /** Why nothing can listen on {@code bind:port} now, if so. */
    private static Optional<String> listenProblem(String bind, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
            return Optional.empty();
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            if (message.toLowerCase(Locale.ROOT).contains("in use")) {
                return Optional.of("is already in use on " + bind
                        + " (another process listens there; choose another port, or 0 for a free one)");
            }
            return Optional.of("cannot be opened on " + bind + ": " + message);
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot be opened on " + bind + ": " + e.getMessage());
        }
    }
}
