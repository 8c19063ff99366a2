package dev.gateway.server.worker;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.app.AppLoader;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.HooksLoader;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.http.CloseWhenIdle;
import dev.gateway.server.http.EventLoopCalls;
import dev.gateway.server.log.Logging;
import dev.gateway.server.log.LogFiles;
import dev.gateway.server.log.Telemetry;
import dev.gateway.server.metrics.RequestStats;
import dev.gateway.server.net.HttpServer;
import dev.gateway.server.net.ListenerOptions;
import dev.gateway.server.process.ListenerReceiver;
import dev.gateway.server.net.NettyDefaults;
import dev.gateway.server.process.WorkerPipe;
import dev.gateway.spi.Application;
import io.netty.channel.ServerChannel;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * What runs inside a process worker (a child JVM the master started; its record in the master is
 * {@code arbiter.ProcessWorkers}): load the application, receive the master's listening sockets, serve
 * them with the thread model ({@code threads} threads), and talk to the master over {@link WorkerPipe}.
 *
 * <p>It exits {@link ExitCode#OK} after a graceful stop (SIGTERM from the master, or its
 * {@code max_requests} served), {@link ExitCode#APP_LOAD_ERROR} when the application cannot be loaded and
 * {@link ExitCode#WORKER_BOOT_ERROR} when it cannot boot otherwise: the master then stops instead of
 * respawning it in a loop. It exits at once when its standard input ends, which means the master died.
 *
 * <p>Arguments: {@code HANDOFF_SOCKET KINDS ID GENERATION APP [name=value ...]}.
 */
public final class ProcessWorkerMain {

    private final PrintStream toMaster;
    /** Standard input: the master holds it open and never writes to it, so its end means the master died. */
    private final FileChannel fromMaster = new FileInputStream(FileDescriptor.in).getChannel();
    /** Set once this JVM is on its way out: the end of {@link #fromMaster} is then ours, not the master's death. */
    private volatile boolean exiting;
    private final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Every request this worker served, for the master's totals. */
    private final RequestStats stats = new RequestStats();
    private HttpServer server;
    /** This worker's calls on its event loops, and how long one may run before its stack is logged. */
    private EventLoopCalls eventLoopCalls;
    private long timeoutMillis;

    private ProcessWorkerMain(PrintStream toMaster) {
        this.toMaster = toMaster;
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
        // Standard output is the pipe to the master: keep it for the protocol, send stray prints to stderr.
        PrintStream toMaster = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        // After the switch: what logback prints about its own configuration must not reach the pipe.
        Logging.startEarly(NettyDefaults::initialize);
        // Before the first logger is asked for: reading the arguments takes microseconds, and a main
        // thread that got to slf4j first would start logback itself while the early thread waited.
        Logging.awaitStart();
        ProcessWorkerMain worker = new ProcessWorkerMain(toMaster);
        int status = worker.run(args);
        worker.stopWatchingMaster();
        System.exit(status);
    }

    private int run(String[] args) {
        Path handoff = Path.of(args[0]);
        List<String> kinds = Arrays.asList(args[1].split(","));
        WorkerInfo info = new WorkerInfo(Integer.parseInt(args[2]), ProcessHandle.current().pid(), Integer.parseInt(args[3]));
        String appSpec = args[4];
        Config config = WorkerPipe.parseConfig(Arrays.asList(args).subList(5, args.length));
        try {
            Logging.apply(config);
        } catch (ConfigException e) {
            // The file was edited since the master read it. A worker that refused to boot would stop the
            // whole server, so this one serves, logging through the built-in configuration (which
            // Logging.apply fell back to); the master reports the file at its next reload.
            log.error("Worker {}: {}; logging with the built-in configuration", info.id(), e.getMessage());
        }
        // The child writes its own access lines to the same files, as Gunicorn workers do, and its
        // warnings and errors count in StatsD too. It lives as long as the process: never closed.
        Telemetry.open(config);
        System.setProperty("gateway.worker.id", String.valueOf(info.id()));
        exitWhenMasterDies();

        Application application;
        ServerHooks hooks;
        try {
            application = new AppLoader(config.get(Settings.CLASSPATH), Path.of(config.get(Settings.CHDIR))).load(appSpec, config.get(Settings.WAR));
            hooks = HooksLoader.load(config.get(Settings.HOOKS), config.get(Settings.CLASSPATH), Path.of(config.get(Settings.CHDIR)));
        } catch (AppLoadException e) {
            log.error("Worker {} cannot load the application: {}", info.id(), e.getMessage(), e.getCause());
            return ExitCode.APP_LOAD_ERROR.code();
        }
        if (!startApplication(application, info)) {
            return ExitCode.WORKER_BOOT_ERROR.code();
        }
        RequestQueue queue = new RequestQueue();
        int threads = config.get(Settings.THREADS);
        HttpServer server = new HttpServer(HttpContexts.forWorkers(config, queue, threads > 1, true, stats),
                HttpContexts.ioThreads(config, application), ListenerOptions.withBacklog(config.get(Settings.BACKLOG)));
        // The quota is watched here, not in the worker: this worker's queue has no one else to serve it.
        Worker worker = Worker.create(WorkerClass.THREAD, info, application, queue, hooks, 0, threads, 0);
        try {
            hooks.postFork(info);
            for (ServerChannel listener : ListenerReceiver.receive(handoff, kinds, Duration.ofSeconds(10))) {
                server.adopt(listener);
            }
        } catch (IOException | RuntimeException e) {
            log.error("Worker {} failed to boot: {}", info.id(), e.toString());
            server.shutdown();
            ApplicationLifecycle.stop(application);
            return ExitCode.WORKER_BOOT_ERROR.code();
        }
        worker.start();
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> {
            stopWatchingMaster();
            Runtime.getRuntime().halt(0);
        });
        Signal.handle(new Signal("USR1"), signal -> LogFiles.reopen());
        this.server = server;
        this.eventLoopCalls = queue.eventLoopCalls();
        this.timeoutMillis = config.get(Settings.TIMEOUT) * 1000L;
        toMaster.println(WorkerPipe.READY);
        heartbeatUntilStop(worker, HttpContexts.requestQuota(config), WorkerPipe.beatMillis(config.get(Settings.TIMEOUT)));
        stopGracefully(server, queue, worker, Duration.ofSeconds(config.get(Settings.GRACEFUL_TIMEOUT)));
        toMaster.println(WorkerPipe.STATS + stats.snapshot(0).encode()); // the last word: every request counted
        ApplicationLifecycle.stop(application);
        return ExitCode.OK.code();
    }

    /**
     * This worker's own instance starts before the worker reports ready (docs/spec.md, "Lifecycle");
     * one that cannot start fails the boot, as Gunicorn's worker does for an app that fails to load.
     */
    private boolean startApplication(Application application, WorkerInfo info) {
        try {
            ApplicationLifecycle.start(application);
            return true;
        } catch (Exception e) {
            log.error("Worker {} failed to boot: the application failed to start: {}", info.id(), e.toString(), e);
            return false;
        }
    }

    /** Beats until the master asks for a stop or the quota is served. */
    private void heartbeatUntilStop(Worker worker, long quota, long beatMillis) {
        try {
            while (!stopRequested.await(beatMillis, TimeUnit.MILLISECONDS)) {
                beat(worker);
                if (quota > 0 && worker.served() >= quota) {
                    log.info("Worker {} served its {} requests (max_requests): retiring", worker.info().id(), quota);
                    toMaster.println(WorkerPipe.RETIRING);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes this worker's copy of the listeners (the master's and the other workers' stay), closes
     * each connection once idle, lets the requests taken finish, and ends. Heartbeats go on meanwhile, so the
     * master does not take a long last request for a hang.
     */
    private void stopGracefully(HttpServer server, RequestQueue queue, Worker worker, Duration grace) {
        server.stopAccepting();
        server.closeWhenIdle();
        long deadline = System.nanoTime() + grace.toNanos();
        beatWhile(() -> !queue.drained(), deadline, worker);
        // Idle connections close after CloseWhenIdle's grace, in which a last request may still come
        // (and is then served here, its queue still open); wait for them that long, not longer.
        long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * CloseWhenIdle.GRACE_MILLIS);
        beatWhile(() -> server.openConnections() > 0 || !queue.drained(), Math.min(graceEnd, deadline), worker);
        // Connections first: a request arriving meanwhile still finds the queue open (no 503).
        server.closeConnections();
        queue.close();
        worker.kill();
        server.shutdown();
    }

    /** One heartbeat, with the request counts so far. */
    private void beat(Worker worker) {
        // A call stuck on an event loop shows in no request thread of the dump the master takes
        // before it kills this worker: its stack is logged here, before the beat that reports it.
        if (timeoutMillis > 0) { // timeout 0: no limit
            eventLoopCalls.reportOverdue(timeoutMillis);
        }
        toMaster.println(WorkerPipe.STATS + stats.snapshot(server.openConnections()).encode());
        toMaster.println(WorkerPipe.BEAT + worker.oldestRequestMillis());
    }

    /** Sends heartbeats while {@code waiting} holds, until {@code deadline} (System.nanoTime). */
    private void beatWhile(java.util.function.BooleanSupplier waiting, long deadline, Worker worker) {
        while (waiting.getAsBoolean() && System.nanoTime() - deadline < 0) {
            beat(worker);
            sleep(20);
        }
    }

    /** Halts this JVM when {@link #fromMaster} ends: the master died. */
    private void exitWhenMasterDies() {
        Thread watcher = new Thread(() -> {
            ByteBuffer ignored = ByteBuffer.allocate(64);
            try {
                while (fromMaster.read(ignored.clear()) >= 0) {
                    // nothing is ever sent; keep reading until the end
                }
            } catch (IOException e) {
                // the pipe broke (the master is gone as well), or stopWatchingMaster closed it
            }
            if (!exiting) {
                log.info("Worker exiting (pid: {}): the master is gone", ProcessHandle.current().pid());
                Runtime.getRuntime().halt(0);
            }
        }, "gateway-master-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Before this JVM exits: closes {@link #fromMaster}, which wakes the watcher out of its read. A JVM
     * exiting waits for threads still inside a system call (up to 300 ms, measured), so without this
     * every worker's stop took that much longer.
     */
    private void stopWatchingMaster() {
        exiting = true;
        try {
            fromMaster.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
