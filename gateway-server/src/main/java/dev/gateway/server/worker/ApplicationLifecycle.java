package dev.gateway.server.worker;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.spi.Application;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an application instance's {@code startup()} and {@code shutdown()} (docs/spec.md, "Lifecycle")
 * as its requests run: with the application's class loader as the thread's context class loader,
 * which frameworks load their classes through.
 */
public final class ApplicationLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);

    private ApplicationLifecycle() {
    }

    /**
     * Starts {@code application}.
     *
     * @throws Exception what its {@code startup()} threw (a {@link LinkageError} is wrapped)
     */
    public static void start(Application application) throws Exception {
        try {
            withApplicationLoader(application, application::startup);
        } catch (LinkageError e) {
            throw new IllegalStateException(e.toString(), e);
        }
        log.info("Application started: {}", application.getClass().getName());
    }

    /** Stops {@code application}; a failure is logged, never thrown: whoever stops goes on stopping. */
    public static void stop(Application application) {
        try {
            withApplicationLoader(application, application::shutdown);
            log.info("Application stopped: {}", application.getClass().getName());
        } catch (Exception | LinkageError e) {
            log.error("Application {} failed to shut down", application.getClass().getName(), e);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void withApplicationLoader(Application application, Step step) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(application.getClass().getClassLoader());
        try {
            step.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
