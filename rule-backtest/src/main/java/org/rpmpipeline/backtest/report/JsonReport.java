package org.rpmpipeline.backtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rpmpipeline.contract.json.Json;

/** The report as JSON: every count, and every alert to review in full. Byte-identical for identical reports. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(Report report) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the report", e);
        }
    }

    public static void write(Report report, Path file) throws IOException {
        Files.writeString(file, render(report));
    }
}
