package org.rpmpipeline.contract.config;

/** A configuration value is missing or invalid; the message names the key. Startup stops on it. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
