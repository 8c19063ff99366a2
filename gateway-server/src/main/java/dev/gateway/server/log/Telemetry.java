package dev.gateway.server.log;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.metrics.LogMetrics;
import dev.gateway.server.metrics.StatsD;

/**
 * What a process tells the outside about itself, in one object, as Gunicorn hands it all to its
 * logger object: the log files ({@code accesslog}, {@code errorlog}: {@link LogTargets}), and, when
 * {@code statsd_host} is set, the StatsD client with Gunicorn's log counters ({@link LogMetrics}) and
 * the {@code workers} gauge. The master {@link #open opens} it at start, {@link #switchTo switches}
 * it on a reload and {@link #close closes} it at exit; a process worker opens its own for its life.
 *
 * <p>The logback configuration itself ({@code logconfig}, {@code loglevel}) is {@link Logging}'s:
 * the command line applies it before the master starts, so that a broken file stops the start, and
 * {@link #switchTo} applies it again.
 */
public final class Telemetry implements AutoCloseable {

    /** Null when {@code statsd_host} is not set (or does not resolve): no metrics. */
    private final StatsD statsd;
    /** The settings the log targets follow now. */
    private Config config;
    private LogTargets targets;
    private LogMetrics logMetrics;
    private int workersReported = -1;

    private Telemetry(StatsD statsd, Config config) {
        this.statsd = statsd;
        this.config = config;
    }

    /** Opens the StatsD client, if any, and attaches the log files and log counters {@code config} asks for. */
    public static Telemetry open(Config config) {
        Telemetry telemetry = new Telemetry(StatsD.open(config), config);
        telemetry.attach(config);
        return telemetry;
    }

    /**
     * A reload (HUP): sets logging up again from {@code next}, as Gunicorn's reload does: the log
     * config file (read again), the level and the log files. What this object attached to logback
     * comes off first and goes back after, since a log config file resets logback. The StatsD client
     * stays the one opened at start.
     *
     * @throws ConfigException when logback rejects {@code next}'s log config file: the log files and
     *                         counters of the running settings are attached again, and logback is back
     *                         to its own configuration ({@link Logging#apply})
     */
    public void switchTo(Config next) {
        detach();
        try {
            Logging.apply(next);
        } catch (ConfigException e) {
            attach(config);
            throw e;
        }
        attach(next);
        config = next;
    }

    /** SIGUSR1: reopens the log files (so that logrotate can move them); returns how many. */
    public int reopenFiles() {
        return LogFiles.reopen();
    }

    /** Gunicorn's {@code workers} gauge: sent when the number of live workers changed. */
    public void workers(int alive) {
        if (statsd != null && alive != workersReported) {
            workersReported = alive;
            statsd.gauge("workers", alive);
        }
    }

    /** Detaches the log files and counters and closes the StatsD client. */
    @Override
    public void close() {
        detach();
        if (statsd != null) {
            statsd.close();
        }
    }

    private void attach(Config settings) {
        targets = LogTargets.install(settings);
        if (statsd != null) {
            logMetrics = LogMetrics.install(statsd);
        }
    }

    private void detach() {
        if (logMetrics != null) {
            logMetrics.close();
            logMetrics = null;
        }
        if (targets != null) {
            targets.close();
            targets = null;
        }
    }
}
