package org.rpmpipeline.http;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import org.rpmpipeline.contract.config.Settings;

/**
 * Where and how one service's HTTP server listens. Each service reads its own keys under its prefix, e.g.
 * {@code rpm.alerts.http-port}, {@code rpm.alerts.http-bind}, {@code rpm.alerts.http-max-request-bytes},
 * {@code rpm.alerts.http-idle-timeout}, {@code rpm.alerts.http-header-timeout},
 * {@code rpm.alerts.http-max-connections}.
 *
 * @param bind the address to listen on: {@value #LOOPBACK} by default, so nothing off this machine reaches the
 *     server unless told to ({@code 0.0.0.0} in a container)
 * @param port the port; 0 picks a free one, -1 means no HTTP server
 * @param maxRequestBytes the largest request body accepted; a larger one is answered 413 without being read
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param headerTimeout a request whose headers are not complete this long after its first byte is closed
 * @param maxConnections open connections at most; beyond it new ones wait in the listen backlog until one closes
 */
public record HttpSettings(String bind, int port, long maxRequestBytes, Duration idleTimeout,
        Duration headerTimeout, int maxConnections) {
    /** The default bind address. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Open connections a server accepts by default: far more than probes, scrapers and API clients need. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** The most a service may be configured to accept in one request body. */
    public static final int MAX_REQUEST_BYTES_CEILING = 256 * 1024 * 1024;

    public HttpSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (maxRequestBytes < 0) {
            throw new IllegalArgumentException("maxRequestBytes must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
    }

    /** Loopback on {@code port} with the default limits: what tests and embedded use want. */
    public static HttpSettings loopback(int port, long maxRequestBytes) {
        return new HttpSettings(LOOPBACK, port, maxRequestBytes, Duration.ofSeconds(30), Duration.ofSeconds(10),
                DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * The settings under {@code prefix} ({@code rpm.alerts}, {@code rpm.gateway}, ...).
     *
     * @param defaultPort the service's port when {@code <prefix>.http-port} is not set
     * @param defaultMaxRequestBytes the service's body limit when {@code <prefix>.http-max-request-bytes} is not set
     */
    public static HttpSettings from(Settings settings, String prefix, int defaultPort, int defaultMaxRequestBytes) {
        int port = settings.integer(prefix + ".http-port", defaultPort, -1, 65_535);
        String bindKey = prefix + ".http-bind";
        String bind = settings.string(bindKey, LOOPBACK);
        try {
            InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw Settings.invalid(bindKey, "must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0", bind);
        }
        int maxRequestBytes = settings.integer(prefix + ".http-max-request-bytes", defaultMaxRequestBytes, 1,
                MAX_REQUEST_BYTES_CEILING);
        Duration idle = positive(settings, prefix + ".http-idle-timeout", Duration.ofSeconds(30));
        Duration header = positive(settings, prefix + ".http-header-timeout", Duration.ofSeconds(10));
        int maxConnections = settings.integer(prefix + ".http-max-connections", DEFAULT_MAX_CONNECTIONS, 1, 100_000);
        return new HttpSettings(bind, port, maxRequestBytes, idle, header, maxConnections);
    }

    private static Duration positive(Settings settings, String key, Duration defaultValue) {
        Duration value = settings.duration(key, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw Settings.invalid(key, "must be positive", value.toString());
        }
        return value;
    }

    /** True when an HTTP server is to run at all. */
    public boolean enabled() {
        return port >= 0;
    }

    /** The same settings on another port. */
    public HttpSettings withPort(int newPort) {
        return new HttpSettings(bind, newPort, maxRequestBytes, idleTimeout, headerTimeout, maxConnections);
    }

    /**
     * The base URL a client in this process reaches the server at once it listens on {@code actualPort}: the bind
     * address, or loopback when the server listens on every address.
     */
    public String localBaseUrl(int actualPort) {
        String host = LOOPBACK;
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (!address.isAnyLocalAddress()) {
                host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                        : address.getHostAddress();
            }
        } catch (UnknownHostException e) {
            // validated when the settings were read; a name that stopped resolving falls back to loopback
        }
        return "http://" + host + ":" + actualPort;
    }

    @Override
    public String toString() {
        return "HttpSettings[bind=" + bind + ", port=" + port + ", maxRequestBytes=" + maxRequestBytes
                + ", idleTimeout=" + idleTimeout + ", headerTimeout=" + headerTimeout + ", maxConnections="
                + maxConnections + "]";
    }
}
