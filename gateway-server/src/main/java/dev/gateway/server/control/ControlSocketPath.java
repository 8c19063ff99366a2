package dev.gateway.server.control;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control socket is when {@code control_socket} does not say: Gunicorn's places, renamed,
 * {@code $XDG_RUNTIME_DIR/gateway.ctl} (a per-user folder only its user can enter, cleaned at logout)
 * or else {@code ~/.gateway/gateway.ctl}. Server and {@code gateway ctl} resolve it alike.
 */
public final class ControlSocketPath {

    /** The value of {@code control_socket} that turns the socket off. */
    public static final String OFF = "off";

    private ControlSocketPath() {
    }

    /** The socket for {@code configured} (the setting's value; empty for the default); null when off. */
    public static Path resolve(String configured, Map<String, String> environment) {
        if (configured.equals(OFF)) {
            return null;
        }
        if (!configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath();
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "gateway.ctl");
        }
        return Path.of(System.getProperty("user.home"), ".gateway", "gateway.ctl");
    }
}
