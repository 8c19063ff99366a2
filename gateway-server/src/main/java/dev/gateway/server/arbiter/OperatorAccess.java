package dev.gateway.server.arbiter;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.control.ControlServer;
import dev.gateway.server.control.ControlSocketPath;
import dev.gateway.server.metrics.PrometheusEndpoint;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.server.metrics.ServerMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets people and tools outside see and steer the running master, opened and closed together:
 * the Prometheus endpoint ({@code metrics_bind}), the control socket ({@code control_socket}, for
 * {@code gateway ctl}), systemd's notifications ({@code NOTIFY_SOCKET}) and {@code --reload}'s
 * watcher. None of them does the master's work: each reads the master through {@link Arbiter}'s
 * thread-safe getters or puts an event on its loop.
 */
final class OperatorAccess {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);

    private final Arbiter arbiter;
    private PrometheusEndpoint metrics;
    private ControlServer controlServer;
    private ReloadWatcher reloadWatcher;
    private ServiceNotifier notifier = ServiceNotifier.none();

    OperatorAccess(Arbiter arbiter) {
        this.arbiter = arbiter;
    }

    /** {@code metrics_bind}: the Prometheus endpoint, on its own listener; a bind failure fails the start. */
    void startMetrics(Config config) throws IOException {
        String bind = config.get(Settings.METRICS_BIND);
        if (!bind.isEmpty()) {
            metrics = PrometheusEndpoint.start(bind, new ArbiterMetrics());
        }
    }

    /**
     * Once the master runs: the control socket and systemd's notifications in service mode (the
     * command line), and the reload watcher when {@code reload} is on.
     *
     * @param environment where {@code XDG_RUNTIME_DIR}, {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} are looked up
     */
    void open(Config config, boolean serviceMode, Map<String, String> environment) {
        if (serviceMode) {
            openControlSocket(config, environment);
            notifier = ServiceNotifier.fromEnvironment(environment);
        }
        if (config.get(Settings.RELOAD)) {
            try {
                reloadWatcher = ReloadWatcher.start(config, () -> arbiter.send(Arbiter.Event.HUP));
            } catch (IOException e) {
                log.warn("--reload: cannot watch the class path: {}", e.toString());
            }
        }
    }

    private void openControlSocket(Config config, Map<String, String> environment) {
        Path path = ControlSocketPath.resolve(config.get(Settings.CONTROL_SOCKET), environment);
        if (path == null) {
            return;
        }
        try {
            controlServer = ControlServer.open(path, config.get(Settings.CONTROL_SOCKET_MODE), new ArbiterControl(arbiter)::handle);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot open the control socket {}: {}; running without it", path, e.toString());
        }
    }

    /** systemd's notifications (a notifier that does nothing without NOTIFY_SOCKET). */
    ServiceNotifier notifier() {
        return notifier;
    }

    /** The port of the Prometheus endpoint, or -1 without one. */
    int metricsPort() {
        return metrics != null ? metrics.port() : -1;
    }

    /** Closes whatever was opened. */
    void close() {
        if (controlServer != null) {
            controlServer.close();
        }
        if (reloadWatcher != null) {
            reloadWatcher.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        notifier.close();
    }

    /** The master as the Prometheus endpoint reads it. */
    private final class ArbiterMetrics implements ServerMetrics {
        @Override
        public RequestStatsSnapshot requestStats() {
            return arbiter.requestStats();
        }

        @Override
        public int workers() {
            return arbiter.aliveWorkers();
        }

        @Override
        public Map<String, Long> workerExits() {
            return arbiter.workerExits();
        }

        @Override
        public long acceptQueue() {
            return arbiter.acceptQueue();
        }
    }
}
