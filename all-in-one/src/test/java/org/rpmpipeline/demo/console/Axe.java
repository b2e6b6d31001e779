package org.rpmpipeline.demo.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the WebJar on the test class path) injected into the page under test, run against the whole
 * document. The console's CSP forbids inline scripts in its pages, but script injected through WebDriver runs
 * outside the page's policy.
 */
final class Axe {
    private static final String SOURCE = load();

    private Axe() {
    }

    /** The serious and critical violations on the current page, each as {@code id: help (n nodes)}. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(SOURCE);
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
                """);
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = String.valueOf(v.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add(v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"));
            }
        }
        return serious;
    }

    private static String load() {
        String path = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
        try (InputStream in = Axe.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test class path at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
