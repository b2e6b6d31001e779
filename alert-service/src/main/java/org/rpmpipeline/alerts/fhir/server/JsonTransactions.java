package org.rpmpipeline.alerts.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.rpmpipeline.alerts.fhir.Fhir;

/**
 * Answers a JSON transaction with {@link TransactionProvider#transactionJson} once HAPI has recognized the request
 * as one, before HAPI parses the body into its object model. Anything else, and a transaction whose answer is asked
 * for in another format ({@code _format}, an {@code Accept} without JSON), continues through HAPI. Errors are
 * thrown as HAPI's exceptions, so they are answered as HAPI answers them (an OperationOutcome).
 */
public final class JsonTransactions {
    private final TransactionProvider transactions;

    public JsonTransactions(TransactionProvider transactions) {
        this.transactions = transactions;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean answer(RequestDetails details, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (details.getRestOperationType() != RestOperationTypeEnum.TRANSACTION || !json(request.getContentType())
                || details.getParameters().containsKey("_format") || !acceptsJson(request.getHeader("Accept"))) {
            return true;
        }
        Optional<byte[]> answer = transactions.transactionJson(details.loadRequestContents());
        if (answer.isEmpty()) {
            return true;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(Fhir.JSON_MEDIA_TYPE + ";charset=utf-8");
        response.setContentLength(answer.get().length);
        response.getOutputStream().write(answer.get());
        return false;
    }

    private static boolean json(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("json") || lower.contains("*/*");
    }
}
