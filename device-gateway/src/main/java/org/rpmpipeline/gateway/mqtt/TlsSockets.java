package org.rpmpipeline.gateway.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.rpmpipeline.gateway.GatewayConfig.MqttSettings;

/**
 * The TLS socket factory for an {@code ssl://} broker URL: the configured trust store (else the JVM's default
 * trust), and a key store with a client certificate for mutual TLS if one is configured. Stores are PKCS12 or
 * JKS; their passwords come from files, never from plain configuration values.
 */
final class TlsSockets {
    private TlsSockets() {
    }

    static SSLSocketFactory factory(MqttSettings settings) {
        try {
            TrustManagerFactory trust = null;
            if (settings.truststore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.truststore(), settings.truststorePasswordFile()));
            }
            KeyManagerFactory keys = null;
            if (settings.keystore() != null) {
                char[] password = password(settings.keystorePasswordFile());
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(settings.keystore(), settings.keystorePasswordFile()), password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, Path passwordFile) throws GeneralSecurityException, IOException {
        // the PKCS12 key store type also reads JKS files (keystore.type.compat)
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password(passwordFile));
        }
        return store;
    }

    private static char[] password(Path passwordFile) {
        return passwordFile == null ? null : ConnectionOptions.readSecret(passwordFile).toCharArray();
    }
}
