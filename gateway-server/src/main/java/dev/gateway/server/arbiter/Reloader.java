package dev.gateway.server.arbiter;

import dev.gateway.server.config.Config;
import dev.gateway.spi.Application;

/**
 * How the master re-reads its configuration and reloads the application on SIGHUP. The command line
 * gives one that repeats its own start-up steps; without one, a reload restarts the workers with the
 * configuration and application they had.
 */
@FunctionalInterface
public interface Reloader {

    /** The new configuration and application; throws when either cannot be loaded (the old ones stay). */
    Reloaded reload() throws Exception;

    /** What a reload produced. */
    record Reloaded(Config config, Application application) {
    }
}
