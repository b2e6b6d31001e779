package org.rpmpipeline.alerts.interop;

import java.net.URI;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FhirInteropScenario} against HAPI FHIR's JPA server started in the test JVM ({@link HapiJpaServer}: HAPI's
 * own R4 configuration on an in-memory H2 database, default storage settings, so referential integrity is
 * enforced on write). Most of the time goes to starting HAPI's JPA server.
 */
@Timeout(900)
class HapiJpaInteropIT extends FhirInteropScenario {
    private HapiJpaServer server;

    @Override
    URI startServer() throws Exception {
        server = HapiJpaServer.start();
        return server.base();
    }

    @Override
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
