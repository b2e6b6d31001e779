package org.rpmpipeline.alerts.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import org.eclipse.jetty.http.HttpException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class FhirErrorBodiesTest {
    private final FhirErrorBodies bodies = new FhirErrorBodies();

    @Test
    void serverFailure_becomesAPlainInternalError() {
        BaseServerResponseException out = bodies.clean(new NullPointerException("Cannot invoke \"org.hl7.Thing\""));

        assertThat(out).isInstanceOf(InternalErrorException.class);
        assertThat(out.getStatusCode()).isEqualTo(500);
        assertThat(out.getMessage()).isEqualTo("internal error");
        assertThat(((OperationOutcome) out.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
                .isEqualTo("internal error");
    }

    @Test
    void wrappedServerFailure_isNotPassedOnEither() {
        BaseServerResponseException out = bodies.clean(new InternalErrorException(
                new IllegalStateException("store corrupt at segment 7")));

        assertThat(out.getMessage()).isEqualTo("internal error");
    }

    @Test
    void clientError_keepsItsExplanation_withoutClassNames() {
        InvalidRequestException in = new InvalidRequestException(
                "HAPI-0450: Failed to parse: java.lang.IllegalArgumentException: bad value for status");
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setDiagnostics("see com.fasterxml.jackson.core.JsonParseException: oops");
        in.setOperationOutcome(outcome);

        BaseServerResponseException out = bodies.clean(in);

        assertThat(out.getStatusCode()).isEqualTo(400);
        assertThat(out.getMessage()).isEqualTo("HAPI-0450: Failed to parse: bad value for status");
        assertThat(((OperationOutcome) out.getOperationOutcome()).getIssueFirstRep().getDiagnostics())
                .isEqualTo("see oops");
    }

    @Test
    void unparseableContent_isABadRequest() {
        BaseServerResponseException out = bodies.clean(new DataFormatException("Unexpected character at line 1"));

        assertThat(out.getStatusCode()).isEqualTo(400);
        assertThat(out.getMessage()).isEqualTo("Unexpected character at line 1");
    }

    @Test
    void bodyLimitMetWhileReading_isA413() {
        BaseServerResponseException out = bodies.clean(new InternalErrorException(new IOException(
                new HttpException.RuntimeException(413, "Request body is too large: 10485761>10485760"))));

        assertThat(out.getStatusCode()).isEqualTo(413);
        assertThat(out.getMessage()).doesNotContain("10485760");
    }
}
