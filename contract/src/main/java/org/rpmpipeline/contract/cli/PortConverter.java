package org.rpmpipeline.contract.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A TCP port flag: 0 to 65535, where 0 picks a free port. Anything else is refused naming the flag. */
public final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw refused(value);
        }
        if (port < 0 || port > 65_535) {
            throw refused(value);
        }
        return port;
    }

    private static TypeConversionException refused(String value) {
        return new TypeConversionException("must be a port between 0 and 65535 (0 picks a free one), was \""
                + value + "\"");
    }
}
