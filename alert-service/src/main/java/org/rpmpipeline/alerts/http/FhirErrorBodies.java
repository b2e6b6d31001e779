package org.rpmpipeline.alerts.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.rpmpipeline.http.HttpServer;
import org.tinylog.Logger;

/**
 * What the FHIR server tells a client when a request fails, without internals: a server-side failure becomes a
 * plain 500 "internal error" (HAPI would put the exception's {@code toString()}, a class name, in the
 * OperationOutcome); a client error keeps its explanation with any Java class name cut out; a body over the limit,
 * met while HAPI reads a chunked request, is a 413.
 */
@Interceptor
public final class FhirErrorBodies {
    /** A fully qualified Java class name, e.g. {@code java.lang.NullPointerException}. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*:?\\s?");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException clean(Throwable failure) {
        return withOutcome(cleanedException(failure));
    }

    private static BaseServerResponseException cleanedException(Throwable failure) {
        Optional<HttpException> refusal = HttpServer.jettyRefusal(failure);
        if (refusal.isPresent()) {
            int code = refusal.get().getCode();
            return BaseServerResponseException.newInstance(code, "request refused: " + HttpStatus.getMessage(code));
        }
        if (failure instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
            // the client's mistake; its message may quote the request, so debug only
            Logger.debug("FHIR request refused [status: {}, exception: {}]", known.getStatusCode(),
                    known.getClass().getSimpleName());
            return cleaned(known);
        }
        if (failure instanceof DataFormatException) {
            return new InvalidRequestException(scrub(failure.getMessage()));
        }
        Logger.error("FHIR request failed [exception: {}]", failure.getClass().getName());
        Logger.debug(failure, "FHIR request failed");
        return new InternalErrorException("internal error");
    }

    /**
     * The OperationOutcome the client gets. Set here, so HAPI does not build one itself: it would log the
     * exception's message, which can quote the request's content, at warn.
     */
    private static BaseServerResponseException withOutcome(BaseServerResponseException exception) {
        if (exception.getOperationOutcome() == null) {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(exception.getMessage());
            exception.setOperationOutcome(outcome);
        }
        return exception;
    }

    private static BaseServerResponseException cleaned(BaseServerResponseException known) {
        BaseServerResponseException out = BaseServerResponseException.newInstance(known.getStatusCode(),
                scrub(known.getMessage()));
        if (known.getOperationOutcome() instanceof OperationOutcome outcome) {
            for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                if (issue.hasDiagnostics()) {
                    issue.setDiagnostics(scrub(issue.getDiagnostics()));
                }
            }
            out.setOperationOutcome(outcome);
        }
        if (known.hasResponseHeaders()) {
            for (Map.Entry<String, List<String>> header : known.getResponseHeaders().entrySet()) {
                header.getValue().forEach(value -> out.addResponseHeader(header.getKey(), value));
            }
        }
        return out;
    }

    static String scrub(String message) {
        return message == null ? "" : CLASS_NAME.matcher(message).replaceAll("");
    }
}
