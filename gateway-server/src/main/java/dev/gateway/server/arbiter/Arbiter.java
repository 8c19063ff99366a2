package dev.gateway.server.arbiter;

import dev.gateway.server.ExitCode;
import dev.gateway.server.Version;
import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import dev.gateway.server.hooks.HooksLoader;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.log.Telemetry;
import dev.gateway.server.net.BindAddress;
import dev.gateway.server.net.BindFailure;
import dev.gateway.server.net.SystemdSockets;
import dev.gateway.server.net.Tls;
import dev.gateway.spi.Application;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master, written like Gunicorn's arbiter. It binds the listeners, starts the workers, then loops:
 * <ol>
 *   <li>wait (at most {@link #TICK_MILLIS}) for the next event and dispatch it to its own small method
 *       ({@link #onTerm}, {@link #onHup}, {@link #onTtin}, ...). Signal handlers and other threads only
 *       enqueue events; all the work happens here, on one thread;</li>
 *   <li>{@link #murderWorkers}: apply the timeout to every worker;</li>
 *   <li>{@link #reapWorkers}: forget the workers that ended, log crashes, halt on a boot failure;</li>
 *   <li>{@link #manageWorkers}: start or retire workers until the wanted number of the current
 *       generation runs, and retire the old generation once the new one is ready.</li>
 * </ol>
 * A {@link WorkerHandle} is the master's record of one worker; what runs inside is {@code worker.Worker}.
 */
public final class Arbiter {

    private static final Logger log = LoggerFactory.getLogger("gateway.arbiter");
    /** The longest the loop sleeps: timeouts are detected within this much of their moment. */
    static final long TICK_MILLIS = 200;
    /** Gunicorn's bind loop: 5 tries, 1 s apart. */
    static final int BIND_ATTEMPTS = 5;
    private static final long BIND_RETRY_MILLIS = 1000;

    /** What the loop reacts to: the signals it handles, by their names without SIG. */
    public enum Event { TERM, INT, HUP, TTIN, TTOU, USR1 }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<SocketAddress> addresses = new CopyOnWriteArrayList<>();
    private final List<WorkerHandle> workers = new CopyOnWriteArrayList<>();
    private Config config;
    private Application application;
    private String appSpec;
    private Reloader reloader;
    private ServerHooks hooks = ServerHooks.NONE;
    private WorkerLauncher launcher;
    private PidFile pidFile;
    private int wanted;
    private int generation;
    private int lastWorkerId;
    private volatile boolean running;
    private ExitCode exitCode = ExitCode.OK;
    /** The master's log files and StatsD metrics (Gunicorn's logger object). */
    private Telemetry telemetry;
    /** Tries per listener when its address is in use; 1 unless {@link #retryBinds()} (the command line). */
    private int bindAttempts = 1;

    public Arbiter(Config config, Application application) {
        this.config = config;
        this.application = application;
        String configured = config.get(Settings.WSGI_APP);
        this.appSpec = configured != null ? configured : application.getClass().getName();
    }

    /**
     * The application as named on the command line ({@code CLASS}, {@code CLASS:field}): process workers
     * load it themselves. By default {@code wsgi_app}, else the class name of the application object.
     */
    public Arbiter appSpec(String spec) {
        this.appSpec = spec;
        return this;
    }

    /** How to re-read the configuration and reload the application on SIGHUP. */
    public Arbiter reloader(Reloader reloader) {
        this.reloader = reloader;
        return this;
    }

    /**
     * Gunicorn's patience at start-up: an address in use or not yet available is tried
     * {@value #BIND_ATTEMPTS} times, 1 s apart, because the server being replaced may still be letting
     * go of it. The command line does this; an embedding caller (a test on port 0) wants the failure at once.
     */
    public Arbiter retryBinds() {
        this.bindAttempts = BIND_ATTEMPTS;
        return this;
    }

    /**
     * Loads the hooks, writes the PID file, binds every listener and starts the workers.
     *
     * @throws IOException     when a listener cannot be bound (everything started is stopped again)
     * @throws ConfigException when the hooks class cannot be loaded, or the worker class cannot run here
     */
    public void start() throws IOException {
        telemetry = Telemetry.open(config);
        try {
            startServing();
        } catch (IOException | RuntimeException e) {
            telemetry.close();
            throw e;
        }
    }

    private void startServing() throws IOException {
        log.info("Starting gateway {}", Version.VERSION);
        try {
            hooks = HooksLoader.load(config.get(Settings.HOOKS), config.get(Settings.CLASSPATH), java.nio.file.Path.of(config.get(Settings.CHDIR)));
        } catch (AppLoadException e) {
            throw new ConfigException("invalid value for --hooks: " + e.getMessage());
        }
        hooks.onStarting();
        String workerClass = config.get(Settings.WORKER_CLASS);
        try {
            launcher = workerClass.equals("process") ? new ProcessWorkers(config, appSpec) : new LocalWorkers(config);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        try {
            // Before the first "Listening at", as Gunicorn does: whoever waits for that line may read the file at once.
            pidFile = PidFile.write(config.get(Settings.PIDFILE));
            for (BindAddress bind : SystemdSockets.orBind(config.get(Settings.BIND))) {
                SocketAddress bound = bindPatiently(bind);
                addresses.add(bound);
                log.info("Listening at: {} ({})", describe(bound, Tls.enabled(config)), ProcessHandle.current().pid());
            }
        } catch (IOException | RuntimeException e) {
            launcher.shutdown();
            if (pidFile != null) {
                pidFile.delete();
            }
            throw e;
        }
        log.info("Using worker: {} ({} transport)", workerClass, launcher.transportName());
        wanted = config.get(Settings.WORKERS);
        running = true;
        manageWorkers();
        if (running) {
            hooks.whenReady(List.copyOf(addresses));
        }
    }

    private SocketAddress bindPatiently(BindAddress bind) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return launcher.bind(bind);
            } catch (BindFailure e) {
                if (!e.retryable() || attempt >= bindAttempts) {
                    throw e;
                }
                log.error("{}", e.getMessage());
                log.error("Retrying in 1 second.");
                try {
                    Thread.sleep(BIND_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Installs the OS signal handlers (command line only: an embedding application keeps its own). */
    public void installSignalHandlers() {
        SignalBridge.install(this::enqueue, Event.values());
    }

    /** Runs the master loop until a stop; returns the exit status. */
    public int run() {
        try {
            while (running) {
                Event event = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (event != null) {
                    dispatch(event);
                }
                if (running) {
                    murderWorkers();
                    reapWorkers();
                }
                if (running) {
                    manageWorkers();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(false);
        }
        log.info("Shutting down: Master");
        if (pidFile != null) {
            pidFile.delete();
        }
        hooks.onExit();
        telemetry.close();
        return exitCode.code();
    }

    /** Asks the loop to stop: gracefully (TERM) or at once (INT). Safe from any thread. */
    public void requestStop(boolean graceful) {
        enqueue(graceful ? Event.TERM : Event.INT);
    }

    /** Delivers {@code event} as if its signal had arrived. Safe from any thread. */
    public void send(Event event) {
        enqueue(event);
    }

    /** The bound listener addresses, real ports included. */
    public List<SocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The workers alive now. */
    public List<WorkerInfo> workers() {
        return workers.stream().filter(w -> !w.exited()).map(WorkerHandle::info).toList();
    }

    private void enqueue(Event event) {
        events.add(event);
    }

    private void dispatch(Event event) {
        log.info("Handling signal: {}", event.name().toLowerCase());
        switch (event) {
            case TERM -> onTerm();
            case INT -> onInt();
            case HUP -> onHup();
            case TTIN -> onTtin();
            case TTOU -> onTtou();
            case USR1 -> onUsr1();
        }
    }

    private void onTerm() {
        stop(true);
    }

    private void onInt() {
        stop(false);
    }

    /**
     * Reload: re-read the configuration, reload the application, start a new generation of workers;
     * {@link #manageWorkers} retires the old generation once the new one is ready, so no request fails.
     */
    private void onHup() {
        if (reloader != null) {
            try {
                Reloader.Reloaded reloaded = reloader.reload();
                // The listeners stay: a reload never unbinds the port, so a changed bind needs a restart.
                Config next = reloaded.config().with(Settings.BIND, config.get(Settings.BIND), config.source(Settings.BIND));
                telemetry.switchTo(next); // a broken log config fails the reload here
                try {
                    launcher.reconfigure(next);
                } catch (RuntimeException e) {
                    telemetry.switchTo(config);
                    throw e;
                }
                config = next;
                application = reloaded.application();
            } catch (Exception e) {
                log.error("Reload failed, the running configuration and application stay: {}", e.getMessage());
                return;
            }
        }
        generation++;
        changeWanted(config.get(Settings.WORKERS));
        log.info("Reloading: starting worker generation {}", generation);
    }

    private void onTtin() {
        changeWanted(wanted + 1);
    }

    private void onTtou() {
        if (wanted > 1) {
            changeWanted(wanted - 1);
        }
    }

    private void onUsr1() {
        log.info("Reopened {} log file(s)", telemetry.reopenFiles());
        launcher.reopenLogs(workers);
    }

    private void changeWanted(int count) {
        int old = wanted;
        wanted = count;
        if (old != count) {
            log.info("Number of workers: {} -> {}", old, count);
            hooks.nworkersChanged(count, old);
        }
    }

    /** Applies the timeout to every worker (0 turns it off). */
    private void murderWorkers() {
        long timeoutMillis = config.get(Settings.TIMEOUT) * 1000L;
        if (timeoutMillis <= 0) {
            return;
        }
        for (WorkerHandle worker : workers) {
            worker.enforceTimeout(timeoutMillis);
        }
    }

    /** Forgets the workers that ended; a boot failure stops the master with its exit code. */
    private void reapWorkers() {
        for (WorkerHandle worker : workers) {
            if (!worker.exited()) {
                continue;
            }
            workers.remove(worker);
            WorkerInfo info = worker.info();
            ExitCode bootFailure = worker.bootFailure();
            if (bootFailure != null) {
                log.error("Worker (pid:{}) failed to {} ({}): stopping", info.pid(),
                        bootFailure == ExitCode.APP_LOAD_ERROR ? "load the application" : "boot", worker.exitDescription());
                if (running) {
                    halt(bootFailure);
                } else {
                    exitCode = bootFailure; // already stopping
                }
                return;
            }
            if (worker.endedByMaster()) {
                log.info("Worker exiting (pid:{}, id:{}): {}", info.pid(), info.id(), worker.exitDescription());
            } else {
                log.error("Worker (pid:{}, id:{}) died: {}; starting a replacement", info.pid(), info.id(), worker.exitDescription());
            }
            callHook(() -> hooks.workerExit(info), "worker_exit");
        }
    }

    /**
     * Keeps {@code wanted} workers of the current generation taking requests: starts the missing ones,
     * retires the surplus (oldest first), and retires the older generations once the current one is ready.
     */
    private void manageWorkers() {
        List<WorkerHandle> current = new ArrayList<>();
        for (WorkerHandle worker : workers) {
            if (worker.info().generation() == generation && worker.taking()) {
                current.add(worker);
            }
        }
        while (current.size() < wanted && running) {
            WorkerHandle started = spawnWorker();
            if (started == null) {
                return;
            }
            current.add(started);
        }
        current.sort(Comparator.comparingInt(w -> w.info().id()));
        while (current.size() > wanted) {
            WorkerHandle surplus = current.remove(0);
            log.info("Retiring worker (pid:{}, id:{})", surplus.info().pid(), surplus.info().id());
            surplus.retire();
        }
        telemetry.workers((int) workers.stream().filter(w -> !w.exited()).count());
        if (current.stream().allMatch(WorkerHandle::ready)) {
            for (WorkerHandle worker : workers) {
                if (worker.info().generation() < generation && worker.taking()) {
                    log.info("Retiring worker of generation {} (pid:{}, id:{})", worker.info().generation(),
                            worker.info().pid(), worker.info().id());
                    worker.retire();
                }
            }
        }
    }

    private WorkerHandle spawnWorker() {
        WorkerInfo info = new WorkerInfo(++lastWorkerId, ProcessHandle.current().pid(), generation);
        callHook(() -> hooks.preFork(info), "pre_fork");
        try {
            WorkerHandle worker = launcher.launch(info, config, application, hooks);
            workers.add(worker);
            log.info("Booting worker with id: {} (pid: {})", worker.info().id(), worker.info().pid());
            return worker;
        } catch (WorkerBootException e) {
            log.error("{}", e.getMessage());
            halt(ExitCode.WORKER_BOOT_ERROR);
            return null;
        }
    }

    /** Stops at once with {@code code}: a worker cannot boot, so respawning would only loop. */
    private void halt(ExitCode code) {
        exitCode = code;
        stop(false);
    }

    /**
     * Stops the server. Graceful: close the listeners, let the requests in flight finish within
     * {@code graceful_timeout}, close the idle connections, then end whatever is left. Quick: end
     * everything now.
     */
    private void stop(boolean graceful) {
        running = false;
        launcher.stopAccepting();
        if (graceful) {
            drain(System.nanoTime() + config.get(Settings.GRACEFUL_TIMEOUT) * 1_000_000_000L);
        }
        launcher.closeConnections();
        for (WorkerHandle worker : workers) {
            if (graceful) {
                worker.retire();
            } else {
                worker.kill();
            }
        }
        awaitExit(System.nanoTime() + (graceful ? 2_000_000_000L : 1_000_000_000L));
        for (WorkerHandle worker : workers) {
            if (!worker.exited()) {
                worker.kill();
            }
        }
        launcher.shutdown();
    }

    /** Waits until no request is waiting or running, while still applying timeouts. */
    private void drain(long deadlineNanos) {
        if (!launcher.respawnWhileStopping()) {
            workers.forEach(WorkerHandle::retire);
        }
        while (!launcher.drained(workers)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                log.warn("Graceful timeout ({} s) passed with requests still running: ending them",
                        config.get(Settings.GRACEFUL_TIMEOUT));
                return;
            }
            sleep(50);
            murderWorkers();
            reapWorkers();
            if (launcher.respawnWhileStopping()) {
                running = true;
                manageWorkers();
                running = false;
            }
        }
    }

    private void awaitExit(long deadlineNanos) {
        while (workers.stream().anyMatch(w -> !w.exited()) && System.nanoTime() - deadlineNanos < 0) {
            sleep(20);
        }
        reapWorkers();
    }

    private void callHook(Runnable hook, String name) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.error("The {} hook failed", name, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(SocketAddress address, boolean tls) {
        if (address instanceof InetSocketAddress inet) {
            String host = NetUtil.toAddressString(inet.getAddress()); // RFC 5952: [::1], not [0:0:0:0:0:0:0:1]
            return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return "unix:" + address.toString().replaceFirst("^unix:", "");
    }
}
