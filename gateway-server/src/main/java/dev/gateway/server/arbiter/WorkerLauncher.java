package dev.gateway.server.arbiter;

import dev.gateway.server.config.Config;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;

/** What differs between worker classes for the master: who owns the listeners, and how a worker starts. */
interface WorkerLauncher {

    /** Binds one listener; returns the bound address (real port included). */
    SocketAddress bind(BindAddress address) throws IOException;

    /** The socket transport and the event loops, for the log: {@code epoll transport, 1 event loop}. */
    String network();

    /** {@code 1 event loop}, {@code 2 event loops}. */
    static String eventLoops(int count) {
        return count + (count == 1 ? " event loop" : " event loops");
    }

    /**
     * A reload: the new settings, for what outlives a worker generation (the connections side).
     *
     * @throws RuntimeException when they cannot apply (a certificate that does not load): nothing changed
     */
    void reconfigure(Config config);

    /**
     * Starts the application instance the next workers will serve, where workers share the master's
     * JVM; a launcher of worker processes leaves that to each process (docs/spec.md, "Lifecycle").
     *
     * @throws Exception what the application's {@code startup()} threw
     */
    default void startApplication(Application application) throws Exception {
    }

    /** Starts one worker. */
    WorkerHandle launch(WorkerInfo info, Config config, Application application, ServerHooks hooks) throws WorkerBootException;

    /**
     * Closes the listeners (new connections are refused) and asks the open connections to close
     * once idle; the requests they carry go on.
     */
    void stopAccepting();

    /** True when no request is waiting or running (a graceful stop may end). */
    boolean drained(List<WorkerHandle> workers);

    /** True when the master keeps replacing workers during a graceful stop. */
    boolean respawnWhileStopping();

    /** Closes the client connections left (idle keep-alive ones after a graceful drain). */
    void closeConnections();

    /** {@code worker} exited and was forgotten; {@code current} is the application new workers get. */
    default void workerExited(WorkerHandle worker, Application current) {
    }

    /** Tells workers that write their own log files (child JVMs) to reopen them, as SIGUSR1 does. */
    default void reopenLogs(List<WorkerHandle> workers) {
    }

    /**
     * The request counts of every worker this launcher started, the ones gone included: counters only
     * grow. Safe from any thread.
     */
    RequestStatsSnapshot requestStats();

    /** Releases everything: listeners, event loops, files. */
    void shutdown();
}
