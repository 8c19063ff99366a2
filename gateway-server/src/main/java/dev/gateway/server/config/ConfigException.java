package dev.gateway.server.config;

/** A bad setting value, unknown key or unreadable config file; its message is one line for the user. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
