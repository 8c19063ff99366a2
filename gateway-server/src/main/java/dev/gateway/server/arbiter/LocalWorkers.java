package dev.gateway.server.arbiter;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.http.HttpServerContext;
import dev.gateway.server.metrics.RequestStats;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.net.HttpServer;
import dev.gateway.server.net.ListenerOptions;
import dev.gateway.server.worker.HttpContexts;
import dev.gateway.server.worker.RequestQueue;
import dev.gateway.server.worker.Worker;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;

/**
 * The {@code thread} and {@code virtual} worker classes: the workers live in the master's JVM, take
 * requests from one shared {@link RequestQueue}, and the listeners and event loops are the master's.
 */
final class LocalWorkers implements WorkerLauncher {

    private final RequestQueue queue = new RequestQueue();
    /** Every request of every worker of this JVM, whatever its generation. */
    private final RequestStats stats = new RequestStats();
    private final HttpServer server;
    private final LocalApplications applications = new LocalApplications();

    /** @param application the application the first workers will run: it decides how many event loops start */
    LocalWorkers(Config config, Application application) {
        server = new HttpServer(httpContext(config), HttpContexts.ioThreads(config, application), ListenerOptions.of(config));
    }

    private HttpServerContext httpContext(Config config) {
        boolean multithread = config.get(Settings.WORKER_CLASS) == WorkerClass.VIRTUAL || config.get(Settings.THREADS) > 1 || config.get(Settings.WORKERS) > 1;
        return HttpContexts.forWorkers(config, queue, multithread, false, stats);
    }

    /** New connections get the reloaded settings (a renewed certificate, new limits); open ones keep theirs. */
    @Override
    public void reconfigure(Config config) {
        server.reconfigure(httpContext(config));
    }

    @Override
    public SocketAddress bind(BindAddress address) throws IOException {
        return server.bind(address);
    }

    @Override
    public String network() {
        return server.transport().name().toLowerCase() + " transport, " + WorkerLauncher.eventLoops(server.ioThreads());
    }

    @Override
    public void startApplication(Application application) throws Exception {
        applications.start(application);
    }

    @Override
    public WorkerHandle launch(WorkerInfo info, Config config, Application application, ServerHooks hooks) throws WorkerBootException {
        try {
            applications.start(application);
        } catch (Exception e) {
            throw new WorkerBootException("worker " + info.id() + " failed to boot: the application failed to start: " + e, e);
        }
        Worker worker = Worker.create(config.get(Settings.WORKER_CLASS), info, application, queue, hooks,
                HttpContexts.requestQuota(config), config.get(Settings.THREADS), config.get(Settings.WORKER_CONNECTIONS));
        try {
            hooks.postFork(info);
        } catch (RuntimeException e) {
            throw new WorkerBootException("worker " + info.id() + " failed to boot: post_fork hook: " + e, e);
        }
        worker.sessionGrace(config.get(Settings.GRACEFUL_TIMEOUT) * 1000L);
        worker.start();
        applications.workerStarted(application);
        return new Handle(worker, application);
    }

    @Override
    public RequestStatsSnapshot requestStats() {
        return stats.snapshot(server.openConnections());
    }

    @Override
    public void workerExited(WorkerHandle worker, Application current) {
        applications.workerExited(((Handle) worker).application, current);
    }

    @Override
    public void stopAccepting() {
        server.stopAccepting();
        server.closeWhenIdle();
    }

    @Override
    public boolean drained(List<WorkerHandle> workers) {
        return queue.drained();
    }

    @Override
    public boolean respawnWhileStopping() {
        return true; // requests already queued need a worker even during a graceful stop
    }

    @Override
    public void closeConnections() {
        // Connections first: a request arriving meanwhile still finds the queue open (no 503).
        server.closeConnections();
        queue.close();
    }

    @Override
    public void shutdown() {
        queue.close();
        server.shutdown();
        applications.stopAll();
    }

    /** The master's record of a worker in this JVM: a thin view of the {@link Worker} itself. */
    private static final class Handle implements WorkerHandle {
        private final Worker worker;
        private final Application application;
        private final long startNanos = System.nanoTime();

        Handle(Worker worker, Application application) {
            this.worker = worker;
            this.application = application;
        }

        @Override
        public WorkerInfo info() {
            return worker.info();
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean taking() {
            return worker.taking();
        }

        @Override
        public boolean exited() {
            return worker.exited();
        }

        @Override
        public String exitDescription() {
            return exited() ? "served " + worker.served() + " requests" : null;
        }

        @Override
        public ExitCode bootFailure() {
            return null;
        }

        @Override
        public boolean endedByMaster() {
            return true; // threads cannot crash a worker: an error ends one request, not the worker
        }

        @Override
        public void retire() {
            worker.retire();
        }

        @Override
        public void kill() {
            worker.kill();
        }

        @Override
        public void enforceTimeout(long timeoutMillis) {
            worker.expireOverdue(timeoutMillis);
        }

        @Override
        public long requestsServed() {
            return worker.served();
        }

        @Override
        public long inFlight() {
            return worker.running();
        }

        @Override
        public long startNanos() {
            return startNanos;
        }

        @Override
        public long lastBeatNanos() {
            return -1;
        }

        @Override
        public String exitReason() {
            return !exited() ? null : worker.quotaServed() ? "max_requests" : "retired";
        }
    }
}
