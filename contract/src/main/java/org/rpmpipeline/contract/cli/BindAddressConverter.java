package org.rpmpipeline.contract.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A flag naming a listen address ({@code 127.0.0.1}, {@code 0.0.0.0}, a name of this machine); kept as typed. */
public final class BindAddressConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            InetAddress.getByName(value.trim());
            return value.trim();
        } catch (UnknownHostException | SecurityException e) {
            throw new TypeConversionException("must be an address of this machine, e.g. 127.0.0.1 or 0.0.0.0, was \""
                    + value + "\"");
        }
    }
}
