package org.rpmpipeline.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers on every response: {@code X-Content-Type-Options: nosniff} (a browser never runs a JSON body as
 * something else) and {@code Cache-Control: no-store} (no proxy or browser cache keeps clinical data).
 */
final class SecurityHeaders extends Handler.Wrapper {
    static final PreEncodedHttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    static final PreEncodedHttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(NOSNIFF);
        response.getHeaders().put(NO_STORE);
        return super.handle(request, response, callback);
    }
}
