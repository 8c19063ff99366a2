package dev.gateway.server.config;

/** The groups settings are listed under in {@code --help} and docs/settings.md, in Gunicorn's order. */
public enum Section {
    CONFIG_FILE("Config file"),
    SERVER_SOCKET("Server socket"),
    WORKER_PROCESSES("Worker processes"),
    SSL("SSL"),
    HTTP2("HTTP/2"),
    WEBSOCKET("WebSocket"),
    SECURITY("Security"),
    APPLICATION("Application"),
    LOGGING("Logging"),
    METRICS("Metrics"),
    SERVER_MECHANICS("Server mechanics");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    /** The heading, e.g. {@code Worker processes}. */
    public String title() {
        return title;
    }
}
