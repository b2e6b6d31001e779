package org.rpmpipeline.sim.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rpmpipeline.contract.device.DeviceBinding;

/**
 * Writes a scenario's device bindings as the CSV the gateway's bindings file reads
 * ({@code deviceId,patientId,validFrom,validTo,kind}), so a stack can know the cohort before a run.
 */
public final class BindingsExport {
    private BindingsExport() {
    }

    public static void write(Path file, List<DeviceBinding> bindings) {
        StringBuilder csv = new StringBuilder("deviceId,patientId,validFrom,validTo,kind\n");
        for (DeviceBinding b : bindings) {
            csv.append(b.deviceId()).append(',').append(b.patientId()).append(',')
                    .append(b.validFrom() == null ? "" : b.validFrom().toString()).append(',')
                    .append(b.validTo() == null ? "" : b.validTo().toString()).append(',')
                    .append(b.kind() == null ? "" : b.kind()).append('\n');
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bindings to " + file, e);
        }
    }
}
