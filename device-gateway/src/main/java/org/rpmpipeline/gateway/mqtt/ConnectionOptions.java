package org.rpmpipeline.gateway.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.rpmpipeline.gateway.GatewayConfig.MqttSettings;

/** Paho connection options from the gateway's MQTT settings: session, flow control, credentials and TLS. */
public final class ConnectionOptions {
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private ConnectionOptions() {
    }

    /**
     * The subscribing gateway: persistent session (clean start off, session expiry), receive maximum = the
     * in-flight bound, no automatic reconnect (the ingress reconnects with a fresh client), no inbound topic
     * aliases (Paho v5 resolves them wrongly) and no subscription identifiers.
     */
    static MqttConnectionOptions gateway(MqttSettings settings) {
        MqttConnectionOptions options = common(settings);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry().getSeconds());
        options.setReceiveMaximum(settings.maxInFlight());
        options.setAutomaticReconnect(false);
        options.setTopicAliasMaximum(0);
        options.setUseSubscriptionIdentifiers(false);
        return options;
    }

    /** A short-lived publisher such as the dead-letter replay: clean session, same credentials and TLS. */
    public static MqttConnectionOptions publisher(MqttSettings settings) {
        MqttConnectionOptions options = common(settings);
        options.setCleanStart(true);
        return options;
    }

    private static MqttConnectionOptions common(MqttSettings settings) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.passwordFile() != null) {
            options.setPassword(readSecret(settings.passwordFile()).getBytes(StandardCharsets.UTF_8));
        }
        options.setSocketFactory(settings.url().getScheme().equalsIgnoreCase("ssl")
                ? NoDelaySockets.tls(TlsSockets.factory(settings))
                : NoDelaySockets.plain());
        return options;
    }

    /** The trimmed content of a secret file, read when a connection is made (so a rotated secret is picked up). */
    static String readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }
}
