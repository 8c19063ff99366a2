package dev.gateway.server.arbiter;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Version;
import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.hooks.HooksLoader;
import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import dev.gateway.server.log.Telemetry;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.net.AcceptQueue;
import dev.gateway.server.net.BindFailure;
import dev.gateway.server.net.SystemdSockets;
import dev.gateway.server.net.Tls;
import dev.gateway.server.websocket.WebSocketCapacity;
import dev.gateway.spi.Application;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master, written like Gunicorn's arbiter. It binds the listeners, starts the workers, then loops
 * until its {@link State} is {@link State#STOPPED}:
 * <ol>
 *   <li>wait (at most {@link #TICK_MILLIS}, {@link #STOPPING_TICK_MILLIS} once stopping) for the next
 *       event and dispatch it to its own small method ({@link #onTerm}, {@link #onInt}, {@link #onHup},
 *       ...), if the state acts on it. Signal handlers and other threads only enqueue events; all the
 *       work happens here, on one thread, whatever the state;</li>
 *   <li>{@link #murderWorkers}: apply the timeout to every worker;</li>
 *   <li>{@link #reapWorkers}: forget the workers that ended, log crashes, halt on a boot failure;</li>
 *   <li>by state: {@link #manageWorkers} (running: start or retire workers until the wanted number of
 *       the current generation runs, retire the old generation once the new one is ready),
 *       {@link #drainWorkers} (draining: stop once no request is left) or {@link #awaitWorkersGone}
 *       (stopping: end the loop once the workers are gone).</li>
 * </ol>
 * A {@link WorkerHandle} is the master's record of one worker; what runs inside is {@code worker.Worker}.
 */
public final class Arbiter {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    /** The longest the loop sleeps: timeouts are detected within this much of their moment. */
    static final long TICK_MILLIS = 200;
    /** The longest it sleeps once stopping: the exit follows the last request (or worker) within this. */
    static final long STOPPING_TICK_MILLIS = 20;
    /** How long retired workers get to exit once drained, and killed ones to go, before the master moves on. */
    private static final long RETIRE_WAIT_NANOS = 2_000_000_000L;
    private static final long KILL_WAIT_NANOS = 1_000_000_000L;
    /** Gunicorn's bind loop: 5 tries, 1 s apart. */
    static final int BIND_ATTEMPTS = 5;
    private static final long BIND_RETRY_MILLIS = 1000;

    /** What the loop reacts to: the signals it handles, by their names without SIG. */
    public enum Event { TERM, INT, HUP, TTIN, TTOU, USR1 }

    /**
     * Where the master is in its life; the loop consults it on every turn. As in Gunicorn: the run
     * loop, then {@code stop(graceful)}, then the exit; here the stop is turns of the same loop, so that
     * signals are still handled while it lasts. docs/architecture.md has the table.
     */
    enum State {
        /** Serving. Every signal is acted on; workers are murdered, reaped and managed. TERM drains, INT stops. */
        RUNNING,
        /**
         * A graceful stop (TERM): the listeners are closed, the requests in flight finish. Only INT
         * (stop at once) and USR1 are acted on. Ends when no request is left, or at graceful_timeout.
         */
        DRAINING,
        /**
         * The workers are ending: retired after a drain, or killed (INT, a halt). INT still turns a
         * graceful end into a kill. Ends when they are gone, or after 2 s (retired) or 1 s (killed),
         * when whatever is left is killed.
         */
        STOPPING,
        /** Before the start, and after the loop. */
        STOPPED
    }

    /**
     * What the loop is to do next: a signal's event ({@link #dispatchers}), or a control socket
     * request ({@link ArbiterControl}); both come through here, so a {@code gateway ctl reload} and a
     * SIGHUP take the same path.
     */
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    /** One task per event, made before any signal can arrive: a handler then allocates nothing. */
    private final Map<Event, Runnable> dispatchers = new EnumMap<>(Event.class);
    /** Workers gone, by {@link WorkerHandle#exitReason()}; only the loop writes it. */
    private final Map<String, Long> workerExits = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    /** The control socket, the Prometheus endpoint, systemd's notifications, the reload watcher. */
    private final OperatorAccess operators = new OperatorAccess(this);
    private boolean serviceMode;
    private Map<String, String> environment = Map.of();
    /** systemd's notifications ({@link OperatorAccess#notifier}); nothing before the start. */
    private ServiceNotifier notifier = ServiceNotifier.none();
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
    /** Only the loop thread (and {@link #start} before it) reads and changes it. */
    private State state = State.STOPPED;
    /** When the current state gives up waiting: graceful_timeout in DRAINING, the workers' exit in STOPPING. */
    private long deadlineNanos;
    /** In STOPPING: the workers were killed, not retired (nothing left to escalate to). */
    private boolean killing;
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
        for (Event event : Event.values()) {
            dispatchers.put(event, () -> dispatch(event));
        }
    }

    /**
     * Runs as the service of its machine, as the command line does: opens the control socket
     * ({@code control_socket}) unless it is {@code off}, and tells systemd how it is doing when
     * {@code NOTIFY_SOCKET} is set. An embedding caller has its own means of control and is the
     * service itself.
     *
     * @param environment where {@code XDG_RUNTIME_DIR}, {@code NOTIFY_SOCKET} and {@code WATCHDOG_USEC} are looked up
     */
    public Arbiter serviceMode(Map<String, String> environment) {
        this.serviceMode = true;
        this.environment = Map.copyOf(environment);
        return this;
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
        WorkerClass workerClass = config.get(Settings.WORKER_CLASS);
        try {
            launcher = workerClass == WorkerClass.PROCESS ? new ProcessWorkers(config, appSpec, application) : new LocalWorkers(config, application);
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
            operators.startMetrics(config);
        } catch (IOException | RuntimeException e) {
            operators.close();
            launcher.shutdown();
            if (pidFile != null) {
                pidFile.delete();
            }
            throw e;
        }
        log.info("Using worker: {} ({})", workerClass, launcher.network());
        log.info("WebSockets: {}", WebSocketCapacity.describe(workerClass, config.get(Settings.THREADS),
                config.get(Settings.WORKER_CONNECTIONS)));
        wanted = config.get(Settings.WORKERS);
        state = State.RUNNING;
        operators.open(config, serviceMode, environment);
        notifier = operators.notifier();
        manageWorkers();
        if (state == State.RUNNING) {
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
        boolean interrupted = false;
        while (state != State.STOPPED) {
            Runnable event;
            try {
                event = events.poll(state == State.RUNNING ? TICK_MILLIS : STOPPING_TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                event = dispatchers.get(Event.INT); // whoever interrupts the loop wants it over: a quick stop
            }
            if (event != null) {
                event.run();
            }
            notifier.tick();
            murderWorkers();
            reapWorkers();
            switch (state) {
                case RUNNING -> manageWorkers();
                case DRAINING -> drainWorkers();
                case STOPPING -> awaitWorkersGone();
                case STOPPED -> { }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        log.info("Shutting down: Master");
        operators.close();
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
        events.add(dispatchers.get(event));
    }

    /**
     * Runs {@code task} on the loop, between two events, and completes with its result: how the control
     * socket reads the master's state and acts on it. Safe from any thread.
     */
    <T> CompletableFuture<T> onLoop(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        events.add(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The port of the Prometheus endpoint, or -1 without one. */
    public int metricsPort() {
        return operators.metricsPort();
    }

    // ---- What the control socket and the metrics read (on the loop, or thread-safe) -------------------

    /** The master's settings now (they change on a reload). Loop only. */
    Config config() {
        return config;
    }

    /** Every worker record, the retiring ones included. Loop only. */
    List<WorkerHandle> workerHandles() {
        return List.copyOf(workers);
    }

    /** The application new workers get (a reload replaces it). Loop only. */
    Application application() {
        return application;
    }

    /** The workers wanted now (TTIN and TTOU change it). Loop only. */
    int wanted() {
        return wanted;
    }

    /** The current worker generation (each reload adds one). Loop only. */
    int generation() {
        return generation;
    }

    /** When the master started (System.nanoTime). */
    long startNanos() {
        return startNanos;
    }

    /** The request counts of every worker so far. Safe from any thread. */
    public RequestStatsSnapshot requestStats() {
        return launcher.requestStats();
    }

    /** Workers gone so far, by reason (timeout, max_requests, crash, retired). Safe from any thread. */
    public Map<String, Long> workerExits() {
        return Map.copyOf(workerExits);
    }

    /** Connections waiting in the TCP listeners' accept queues; -1 when the kernel does not tell. Safe from any thread. */
    long acceptQueue() {
        return AcceptQueue.pending(addresses());
    }

    /** The number of workers alive. Safe from any thread. */
    public int aliveWorkers() {
        return (int) workers.stream().filter(w -> !w.exited()).count();
    }

    /** The listener addresses as they are logged ({@code http://127.0.0.1:8000}, {@code unix:/run/app.sock}). */
    List<String> listenerNames() {
        return addresses.stream().map(a -> describe(a, Tls.enabled(config))).toList();
    }

    /** Kills the worker with {@code id} (it is replaced, as a crashed one is); false when there is none. Loop only. */
    boolean killWorker(int id) {
        for (WorkerHandle worker : workers) {
            if (worker.info().id() == id && !worker.exited()) {
                log.info("Killing worker (pid:{}, id:{}) on request of the control socket", worker.info().pid(), id);
                worker.kill();
                return true;
            }
        }
        return false;
    }

    private void dispatch(Event event) {
        String name = event.name().toLowerCase(Locale.ROOT);
        if (!actsOn(event)) {
            log.info("Ignoring signal: {} (the master is {})", name, state.name().toLowerCase(Locale.ROOT));
            return;
        }
        log.info("Handling signal: {}", name);
        switch (event) {
            case TERM -> onTerm();
            case INT -> onInt();
            case HUP -> onHup();
            case TTIN -> onTtin();
            case TTOU -> onTtou();
            case USR1 -> onUsr1();
        }
    }

    /**
     * Which events the current state acts on. Once stopping, a reload, a change of the worker count or
     * a second TERM would undo or restart what is under way: they are dropped (and logged).
     */
    private boolean actsOn(Event event) {
        return switch (state) {
            case RUNNING -> true;
            case DRAINING -> event == Event.INT || event == Event.USR1;
            case STOPPING -> event == Event.INT && !killing || event == Event.USR1;
            case STOPPED -> false;
        };
    }

    /** Gunicorn's graceful stop. */
    private void onTerm() {
        drain();
    }

    /** Gunicorn's quick stop (its QUIT and INT); during a graceful stop, it cuts that short. */
    private void onInt() {
        if (state != State.RUNNING) {
            log.info("Stopping at once: the requests still running are ended");
        }
        stop(false);
    }

    /**
     * Reload: re-read the configuration, reload the application, start a new generation of workers;
     * {@link #manageWorkers} retires the old generation once the new one is ready, so no request fails.
     */
    private void onHup() {
        notifier.reloading();
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
                // A new instance starts before its generation does: one that cannot start fails the reload (LIFE-2).
                launcher.startApplication(reloaded.application());
                config = next;
                application = reloaded.application();
            } catch (Exception e) {
                log.error("Reload failed, the running configuration and application stay: {}", e.getMessage());
                notifier.reloadFailed();
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
                if (state == State.RUNNING) {
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
            workerExits.merge(worker.exitReason() != null ? worker.exitReason() : "retired", 1L, Long::sum);
            callHook(() -> hooks.workerExit(info), "worker_exit");
            launcher.workerExited(worker, application);
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
        while (current.size() < wanted) {
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
            notifier.serving(generation, current.size());
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
            log.error("{}", e.getMessage(), e.getCause()); // the application's or hook's own trace
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
     * RUNNING to DRAINING, Gunicorn's graceful stop: closes the listeners (new connections are refused),
     * asks every connection to close once idle, and gives the requests in flight {@code graceful_timeout}.
     * Workers that drain themselves (child JVMs) are retired now; in-JVM workers keep taking what is queued.
     */
    private void drain() {
        notifier.stopping();
        long grace = config.get(Settings.GRACEFUL_TIMEOUT);
        log.info("Stopping gracefully: up to {} s for the requests in flight (INT stops at once)", grace);
        launcher.stopAccepting();
        if (!launcher.respawnWhileStopping()) {
            workers.forEach(WorkerHandle::retire);
        }
        deadlineNanos = System.nanoTime() + grace * 1_000_000_000L;
        state = State.DRAINING;
    }

    /** A turn of DRAINING: keeps the queued requests served; stops once none is left, or at graceful_timeout. */
    private void drainWorkers() {
        if (launcher.respawnWhileStopping()) {
            manageWorkers();
            if (state != State.DRAINING) {
                return; // a replacement could not boot: halted
            }
        }
        if (launcher.drained(workers)) {
            stop(true);
        } else if (System.nanoTime() - deadlineNanos > 0) {
            log.warn("Graceful timeout ({} s) passed with requests still running: ending them", config.get(Settings.GRACEFUL_TIMEOUT));
            stop(true);
        }
    }

    /**
     * To STOPPING: closes the connections left and ends every worker, by retiring it (graceful: after
     * a drain it has nothing left to run) or killing it (quick). From RUNNING, closes the listeners first.
     */
    private void stop(boolean graceful) {
        notifier.stopping();
        if (state == State.RUNNING) {
            launcher.stopAccepting();
        }
        launcher.closeConnections();
        for (WorkerHandle worker : workers) {
            if (graceful) {
                worker.retire();
            } else {
                worker.kill();
            }
        }
        killing = !graceful;
        deadlineNanos = System.nanoTime() + (graceful ? RETIRE_WAIT_NANOS : KILL_WAIT_NANOS);
        state = State.STOPPING;
    }

    /** A turn of STOPPING: once every worker is gone, or its time is up (what is left is killed), the loop ends. */
    private void awaitWorkersGone() {
        if (!workers.stream().allMatch(WorkerHandle::exited) && System.nanoTime() - deadlineNanos < 0) {
            return;
        }
        for (WorkerHandle worker : workers) {
            if (!worker.exited()) {
                worker.kill();
            }
        }
        launcher.shutdown();
        state = State.STOPPED;
    }

    private void callHook(Runnable hook, String name) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.error("The {} hook failed", name, e);
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
