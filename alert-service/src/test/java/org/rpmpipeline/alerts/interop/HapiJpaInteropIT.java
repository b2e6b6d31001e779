package org.rpmpipeline.alerts.interop;

import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.rpmpipeline.alerts.AlertService;
import org.rpmpipeline.alerts.FhirSettings;

/**
 * {@link FhirInteropScenario} against HAPI FHIR's JPA server started in the test JVM ({@link HapiJpaServer}: HAPI's
 * own R4 configuration on an in-memory H2 database, default storage settings, so referential integrity is
 * enforced on write). Most of the time goes to starting HAPI's JPA server.
 */
@Timeout(900)
class HapiJpaInteropIT extends FhirInteropScenario {
    private HapiJpaServer server;

    @Override
    Map<String, String> startServer() throws Exception {
        server = HapiJpaServer.start();
        return Map.of(FhirSettings.BASE_URL, server.base().toString());
    }

    @Override
    FhirRest client(AlertService service) {
        return new FhirRest(server.base(), null);
    }

    @Override
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
