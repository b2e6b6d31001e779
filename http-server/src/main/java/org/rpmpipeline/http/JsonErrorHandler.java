package org.rpmpipeline.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages (a request Jetty refuses before any handler runs, a body over the limit) as
 * {@link ErrorBody}: the status's reason phrase only, whatever the exception or message, in JSON whatever the
 * {@code Accept} header. Jetty's own pages would print the exception ({@code cause.toString()}: a class name).
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        quiet(this);
    }

    static void quiet(ErrorHandler handler) {
        handler.setShowStacks(false);
        handler.setShowCauses(false);
        handler.setShowOrigin(false);
        handler.setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        if (!generateAcceptableResponse(request, response, callback, ErrorBody.CONTENT_TYPE,
                List.of(StandardCharsets.UTF_8), code, HttpStatus.getMessage(code), null)) {
            callback.succeeded();
        }
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(ErrorBody.json(HttpStatus.getMessage(code)));
    }

    /** The same for errors raised inside the servlet context (an exception a servlet or filter let through). */
    static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        ForServlets() {
            quiet(this);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                Throwable cause, Callback callback) throws IOException {
            if (!generateAcceptableResponse(request, response, callback, ErrorBody.CONTENT_TYPE,
                    List.of(StandardCharsets.UTF_8), code, HttpStatus.getMessage(code), null)) {
                callback.succeeded();
            }
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message,
                Throwable cause) {
            writer.write(ErrorBody.json(HttpStatus.getMessage(code)));
        }
    }
}
