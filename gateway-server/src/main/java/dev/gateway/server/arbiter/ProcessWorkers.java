package dev.gateway.server.arbiter;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.server.net.ListenerOptions;
import dev.gateway.server.net.Tls;
import dev.gateway.server.process.ChildJvm;
import dev.gateway.server.process.ListenerHandoff;
import dev.gateway.server.process.ThreadDumpFilter;
import dev.gateway.server.process.WorkerPipe;
import dev.gateway.server.worker.HttpContexts;
import dev.gateway.server.worker.ProcessWorkerMain;
import dev.gateway.spi.Application;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} worker class: each worker is a child JVM (same java, JVM flags and class path)
 * running {@link ProcessWorkerMain}. The master binds the listeners and hands them over
 * ({@link ListenerHandoff}); the children accept and serve; the master only supervises.
 */
final class ProcessWorkers implements WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    private static final Logger errors = LoggerFactory.getLogger(LoggerNames.ERROR);
    /** The exit status of a JVM ended by SIGKILL (128 + 9). */
    private static final int SIGKILLED = 137;
    /** A JVM needs a moment to boot: before READY a worker gets at least this long. */
    private static final long BOOT_ALLOWANCE_MILLIS = 30_000;

    private final ListenerHandoff handoff;
    private final String appSpec;
    private final ListenerOptions listenerOptions;
    private final int eventLoops;
    /** Guards {@link #departed} and {@link #live} together: a worker's counts move from one to the other at once. */
    private final Object statsLock = new Object();
    /** The counts of the workers whose pipe ended: they stay in the totals. */
    private RequestStatsSnapshot departed = RequestStatsSnapshot.empty();
    private final Set<Handle> live = new HashSet<>();

    /**
     * @param appSpec     how the children load the application
     * @param application the master's own instance of it, loaded to fail fast: it decides how many
     *                    event loops each child starts
     */
    ProcessWorkers(Config config, String appSpec, Application application) {
        try {
            this.handoff = new ListenerHandoff();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.appSpec = appSpec;
        this.listenerOptions = ListenerOptions.of(config);
        // What each child's HttpServer will start (ProcessWorkerMain), for the log.
        this.eventLoops = HttpContexts.ioThreads(config, application);
        // The children build their own TLS context; a bad certificate is refused here, once, clearly.
        Tls.serverContext(config);
    }

    /**
     * The next generation of child JVMs reads the new settings itself; a certificate that does not
     * load is refused here, so that the reload fails instead of every new worker.
     */
    @Override
    public void reconfigure(Config config) {
        Tls.serverContext(config);
    }

    @Override
    public SocketAddress bind(BindAddress address) throws IOException {
        return handoff.bind(address, listenerOptions);
    }

    @Override
    public String network() {
        return "epoll transport, " + WorkerLauncher.eventLoops(eventLoops) + " in each worker";
    }

    @Override
    public WorkerHandle launch(WorkerInfo info, Config config, Application application, ServerHooks hooks) throws WorkerBootException {
        List<String> args = new ArrayList<>(List.of(handoff.socketPath().toString(), String.join(",", handoff.kinds()),
                String.valueOf(info.id()), String.valueOf(info.generation()), appSpec));
        args.addAll(WorkerPipe.configArgs(config));
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(ProcessWorkerMain.class.getName(), args))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // systemd's sockets are the master's: the worker gets them through the hand-off like any listener.
        builder.environment().remove("LISTEN_FDS");
        builder.environment().remove("LISTEN_PID");
        try {
            Process process = builder.start();
            Handle handle = new Handle(process, new WorkerInfo(info.id(), process.pid(), info.generation()), this::pipeEnded);
            synchronized (statsLock) {
                live.add(handle);
            }
            handle.startReading();
            return handle;
        } catch (IOException e) {
            throw new WorkerBootException("cannot start a worker JVM: " + e.getMessage(), e);
        }
    }

    /** Forwards SIGUSR1 to every child, as Gunicorn's master does. */
    @Override
    public void reopenLogs(List<WorkerHandle> workers) {
        for (WorkerHandle worker : workers) {
            if (worker.exited()) {
                continue;
            }
            try {
                new ProcessBuilder("kill", "-USR1", Long.toString(worker.info().pid())).start();
            } catch (IOException e) {
                errors.warn("cannot forward SIGUSR1 to worker (pid:{}): {}", worker.info().pid(), e.getMessage());
            }
        }
    }

    @Override
    public void stopAccepting() {
        handoff.stopListening();
    }

    @Override
    public boolean drained(List<WorkerHandle> workers) {
        return workers.stream().allMatch(WorkerHandle::exited);
    }

    @Override
    public boolean respawnWhileStopping() {
        return false; // each worker drains its own requests after SIGTERM
    }

    @Override
    public void closeConnections() {
        // The connections live in the workers: each closes its own when it stops.
    }

    @Override
    public void shutdown() {
        handoff.close();
    }

    @Override
    public RequestStatsSnapshot requestStats() {
        synchronized (statsLock) {
            RequestStatsSnapshot sum = departed;
            for (Handle handle : live) {
                sum = sum.plus(handle.stats);
            }
            return sum;
        }
    }

    /** A worker's pipe ended: its last counts join the totals of the workers gone. */
    private void pipeEnded(Handle handle) {
        synchronized (statsLock) {
            if (live.remove(handle)) {
                departed = departed.plus(handle.stats.countersOnly());
            }
        }
    }

    /** The master's record of one worker JVM: its process, and what its pipe said last. */
    private static final class Handle implements WorkerHandle {
        private final Process process;
        private final WorkerInfo info;
        private final long startNanos = System.nanoTime();
        private volatile boolean ready;
        private volatile boolean retiring;
        private volatile long lastBeatNanos = System.nanoTime();
        private volatile long oldestRequestMillis;
        /** Its counts as of its last heartbeat. */
        private volatile RequestStatsSnapshot stats = RequestStatsSnapshot.empty();
        private final java.util.function.Consumer<Handle> onPipeEnd;
        /** The master retired or killed it: its exit is no crash. */
        private boolean endedByMaster;
        /** The master sent it SIGKILL: a quick stop, the end of a graceful one, or its timeout. */
        private boolean killed;
        private boolean timedOut;

        /** Sorts the lines of the worker's thread dump (read only by the pipe reader). */
        private final ThreadDumpFilter dump = new ThreadDumpFilter();

        Handle(Process process, WorkerInfo info, java.util.function.Consumer<Handle> onPipeEnd) {
            this.process = process;
            this.info = info;
            this.onPipeEnd = onPipeEnd;
        }

        void startReading() {
            Thread reader = new Thread(this::readPipe, "gateway-worker-pipe-" + info.id());
            reader.setDaemon(true);
            reader.start();
        }

        /** Reads the worker's messages until its pipe closes. */
        private void readPipe() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith(WorkerPipe.STATS)) {
                        stats = RequestStatsSnapshot.decode(line.substring(WorkerPipe.STATS.length()));
                    } else if (line.startsWith(WorkerPipe.BEAT)) {
                        oldestRequestMillis = Long.parseLong(line.substring(WorkerPipe.BEAT.length()).trim());
                        lastBeatNanos = System.nanoTime();
                    } else if (line.equals(WorkerPipe.READY)) {
                        lastBeatNanos = System.nanoTime();
                        ready = true;
                        log.info("Worker ready (pid:{}, id:{})", info.pid(), info.id());
                    } else if (line.equals(WorkerPipe.RETIRING)) {
                        retiring = true;
                    } else {
                        logOutput(line);
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                // The worker is gone or garbled its pipe: the timeout or the reaper deals with it.
            } finally {
                onPipeEnd.accept(this);
            }
        }

        /**
         * A line the worker printed that is not a message: its own stray output, or its thread dump
         * after a WORKER TIMEOUT, of which only the request threads reach the error log.
         */
        private void logOutput(String line) {
            switch (dump.classify(line)) {
                case PLAIN, REQUEST_THREAD -> errors.error("[worker {}] {}", process.pid(), line);
                case DETAIL -> errors.debug("[worker {}] {}", process.pid(), line);
            }
        }

        @Override
        public WorkerInfo info() {
            return info;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public boolean taking() {
            return !retiring && !endedByMaster && process.isAlive();
        }

        @Override
        public boolean exited() {
            return !process.isAlive();
        }

        @Override
        public String exitDescription() {
            if (process.isAlive()) {
                return null;
            }
            int code = process.exitValue();
            if (killed && code == SIGKILLED) {
                // Our own SIGKILL: said as what it was, so that a clean quick stop reads like one.
                return timedOut ? "killed after its timeout" : "stopped by the master";
            }
            // The JVM reports death by signal N as 128 + N.
            return code > 128 ? "killed by signal " + (code - 128) + (code == SIGKILLED && !endedByMaster ? " (out of memory?)" : "")
                    : "exit code " + code;
        }

        @Override
        public ExitCode bootFailure() {
            if (ready || endedByMaster || process.isAlive()) {
                return null;
            }
            // Its own verdict (3, 4), or 1: a JVM that cannot start or whose main threw. Starting it
            // again would fail the same way. A signal (a kill while booting) is a crash: respawn.
            ExitCode exit = ExitCode.of(process.exitValue());
            return exit == null ? null : switch (exit) {
                case APP_LOAD_ERROR -> ExitCode.APP_LOAD_ERROR;
                case ERROR, WORKER_BOOT_ERROR -> ExitCode.WORKER_BOOT_ERROR;
                default -> null;
            };
        }

        @Override
        public boolean endedByMaster() {
            return endedByMaster || retiring && process.exitValue() == 0;
        }

        @Override
        public void retire() {
            endedByMaster = true;
            // SIGTERM: the worker stops accepting and finishes its requests. Through the ProcessHandle,
            // because Process.destroy() also closes the worker's stdin, which it reads as "the master died".
            process.toHandle().destroy();
        }

        @Override
        public void kill() {
            endedByMaster = true;
            killed = true;
            process.toHandle().destroyForcibly();
        }

        @Override
        public long requestsServed() {
            return stats.requests();
        }

        @Override
        public long inFlight() {
            return stats.inFlight();
        }

        @Override
        public long startNanos() {
            return startNanos;
        }

        @Override
        public long lastBeatNanos() {
            return lastBeatNanos;
        }

        @Override
        public String exitReason() {
            if (process.isAlive()) {
                return null;
            }
            return timedOut ? "timeout" : retiring ? "max_requests" : endedByMaster() ? "retired" : "crash";
        }

        @Override
        public void enforceTimeout(long timeoutMillis) {
            if (endedByMaster && !retiring || !process.isAlive()) {
                return;
            }
            long now = System.nanoTime();
            long silentMillis = (now - lastBeatNanos) / 1_000_000;
            long stuckMillis = ready ? oldestRequestMillis + silentMillis : 0;
            long allowed = ready ? timeoutMillis : Math.max(timeoutMillis, BOOT_ALLOWANCE_MILLIS);
            if (silentMillis > allowed || stuckMillis > timeoutMillis) {
                errors.error("WORKER TIMEOUT (pid:{})", info.pid());
                log.info("Worker (pid:{}) {} ms silent, oldest request {} ms: logging its request threads' stacks"
                        + " (its whole thread dump at debug level), then SIGKILL",
                        info.pid(), silentMillis, stuckMillis);
                dumpThreads();
                timedOut = true;
                kill();
            }
        }

        /** SIGQUIT makes the JVM print its threads to stdout: our pipe, which logs them ({@link ThreadDumpFilter}). */
        private void dumpThreads() {
            try {
                Process quit = new ProcessBuilder("kill", "-QUIT", String.valueOf(process.pid())).start();
                quit.waitFor(1, TimeUnit.SECONDS);
                Thread.sleep(300); // let the dump reach the pipe before the kill
            } catch (IOException e) {
                log.warn("Cannot ask worker (pid:{}) for its threads: {}", info.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
