package org.rpmpipeline.alerts.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.rpmpipeline.alerts.fhir.Fhir;
import org.rpmpipeline.http.HttpServer;

/**
 * Guards the FHIR server: every request needs a caller ({@link ApiAccess}); reads ({@code GET}, {@code HEAD},
 * {@code OPTIONS}, a {@code POST} to {@code .../_search}) need {@link Role#VIEWER}, everything else (create,
 * update, delete, patch, transactions, operations) {@link Role#ADMIN}: the server's resources come from the
 * pipeline, and clinicians change alerts through {@code /alerts}, where every change is audited. Runs before the
 * FHIR servlet parses the body, so a refused request costs no parsing: its body is read and dropped
 * ({@link HttpServer#discardUnreadBody}). Refusals are OperationOutcomes.
 */
final class FhirAccessFilter implements Filter {
    static final Role WRITE_ROLE = Role.ADMIN;
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiAccess access;

    FhirAccessFilter(ApiAccess access) {
        this.access = access;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<Principal> caller = access.authenticate(request.getHeader("Authorization"));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, OperationOutcome.IssueType.LOGIN,
                    "a valid bearer token is required");
            return;
        }
        Role required = isRead(request) ? Role.VIEWER : WRITE_ROLE;
        if (!caller.get().role().includes(required)) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, OperationOutcome.IssueType.FORBIDDEN,
                    "requires role " + required.name().toLowerCase(Locale.ROOT));
            return;
        }
        chain.doFilter(req, res);
    }

    static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (READ_METHODS.contains(method)) {
            return true;
        }
        String path = request.getPathInfo();
        return method.equals("POST") && path != null && path.endsWith("/_search");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status,
            OperationOutcome.IssueType type, String text) throws IOException {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
        byte[] body = Fhir.toJson(outcome).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpServer.discardUnreadBody(request, response);
        response.setContentType(Fhir.JSON_MEDIA_TYPE + ";charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
