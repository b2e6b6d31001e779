package org.rpmpipeline.contract.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag naming a file to read: refused at once, naming the flag, unless it is a readable regular file. */
public final class ReadableFileConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        try {
            Path path = Path.of(value);
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // refused below
        }
        throw new TypeConversionException("must name a readable file, was \"" + value + "\"");
    }
}
