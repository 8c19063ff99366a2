package dev.gateway.server.cli;

import java.util.List;
import java.util.Optional;

/**
 * Gunicorn's flags that gateway does not have, each with what to do instead, so that a Gunicorn user's
 * {@code -n myapp} is answered with that rather than with "Unknown option". docs/coming-from-gunicorn.md
 * lists the same rows (GatewayCommandTest checks it does).
 */
final class GunicornFlags {

    private GunicornFlags() {
    }

    /** The doc that says what to do instead. */
    static final String DOC = "docs/coming-from-gunicorn.md";

    /**
     * One row: Gunicorn's flags for one need, and what to do instead.
     *
     * @param flags as Gunicorn spells them, short form first
     */
    record Row(List<String> flags, String instead) {
    }

    static final List<Row> ROWS = List.of(
            new Row(List.of("-n", "--name"), "a JVM cannot set its process title, so find the server by its -p/--pid "
                    + "file or run it as a systemd unit"),
            new Row(List.of("-e", "--env"), "set the variables in the environment the server starts with (the shell, "
                    + "or systemd's Environment=), which process workers inherit"),
            new Row(List.of("--capture-output"), "the application's System.out and System.err are the server's own "
                    + "(the journal under systemd); log through slf4j to reach --error-logfile"),
            new Row(List.of("--worker-tmp-dir"), "there is nothing to set, as process workers send their heartbeat to "
                    + "the master over a pipe"),
            new Row(List.of("--paste", "--paster"), "there is no PasteDeploy; name the application class as APP (or "
                    + "wsgi_app in the config file) and compose middleware in Java (dev.gateway.spi.Middleware)"),
            new Row(List.of("--paste-global"), "there is no PasteDeploy; give the application its settings through "
                    + "its own configuration or the environment"),
            new Row(List.of("--pythonpath"), "use --classpath (jars, folders, dir/*)"),
            new Row(List.of("--preload"), "there is nothing to set, as thread and virtual workers load the application "
                    + "once and process workers each load it"),
            new Row(List.of("--reload-engine"), "there is nothing to choose: --reload watches with the kernel's "
                    + "inotify (the JDK's WatchService)"),
            new Row(List.of("-D", "--daemon"), "run gateway as a systemd service (docs/deployment.md, section 3), "
                    + "which keeps it in the background"),
            new Row(List.of("-u", "--user", "-g", "--group", "--initgroups"), "run gateway as a systemd service with "
                    + "User= and Group= (docs/deployment.md, section 3)"),
            new Row(List.of("--ciphers", "--ssl-version", "--do-handshake-on-connect", "--suppress-ragged-eofs"),
                    "the JDK's TLS defaults apply"),
            new Row(List.of("--enable-backlog-metric"), "not supported"));

    /** The row of {@code arg} ({@code -n}, {@code --name} or {@code --name=VALUE}), if it is one of Gunicorn's flags gateway lacks. */
    static Optional<Row> rowOf(String arg) {
        String flag = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        return ROWS.stream().filter(row -> row.flags().contains(flag)).findFirst();
    }

    /** The one-line usage error for {@code flag} of {@code row}. */
    static String message(String flag, Row row) {
        return flag + " is a Gunicorn option gateway does not have: " + row.instead() + " (see " + DOC + ")";
    }
}
