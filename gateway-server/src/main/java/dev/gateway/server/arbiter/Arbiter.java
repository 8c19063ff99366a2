package dev.gateway.server.arbiter;

import dev.gateway.server.Version;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.http.HttpServerContext;
import dev.gateway.server.http.RequestLimits;
import dev.gateway.server.net.BindAddress;
import dev.gateway.server.net.HttpServer;
import dev.gateway.server.worker.ThreadWorkerPool;
import dev.gateway.server.worker.VirtualWorkerPool;
import dev.gateway.server.worker.WorkerPool;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master. It binds the listeners, starts the workers, then loops: take the next event (a signal,
 * a stop request), handle it with its own small method, repeat until stopped. Signal handlers and
 * other threads only enqueue events; all the work happens on the loop.
 */
public final class Arbiter {

    private static final Logger log = LoggerFactory.getLogger("gateway.arbiter");
    private static final Logger errors = LoggerFactory.getLogger("gateway.error");

    /** What the loop reacts to. */
    enum Event { TERM, INT }

    private final Config config;
    private final Application application;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<SocketAddress> addresses = new ArrayList<>();
    private HttpServer server;
    private WorkerPool workers;
    private volatile boolean running;

    public Arbiter(Config config, Application application) {
        this.config = config;
        this.application = application;
    }

    /**
     * Starts the workers and binds every listener.
     *
     * @throws IOException when a listener cannot be bound (everything started is stopped again)
     */
    public void start() throws IOException {
        log.info("Starting gateway {}", Version.VERSION);
        workers = createWorkers();
        server = new HttpServer(httpContext(), config.get(Settings.IO_THREADS), config.get(Settings.BACKLOG));
        try {
            for (String bind : config.get(Settings.BIND)) {
                SocketAddress bound = server.bind(BindAddress.parse(bind));
                addresses.add(bound);
                log.info("Listening at: {} ({})", describe(bound), ProcessHandle.current().pid());
            }
        } catch (IOException | RuntimeException e) {
            server.shutdown();
            workers.shutdownNow();
            throw e;
        }
        log.info("Using worker: {} ({} transport)", config.get(Settings.WORKER_CLASS), server.transport().name().toLowerCase());
        for (int i = 1; i <= config.get(Settings.WORKERS); i++) {
            log.info("Booting worker with id: {}", i);
        }
        running = true;
    }

    /** Installs the OS signal handlers (command line only: an embedding application keeps its own). */
    public void installSignalHandlers() {
        SignalBridge.install(name -> enqueue(Event.valueOf(name)), "TERM", "INT");
    }

    /** Runs the master loop until a stop; returns the exit status. */
    public int run() {
        while (running) {
            try {
                Event event = events.poll(1, TimeUnit.SECONDS);
                if (event != null) {
                    handle(event);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(false);
            }
        }
        log.info("Shutting down: Master");
        return ExitCodes.OK;
    }

    /** Asks the loop to stop: gracefully (TERM) or at once (INT). Safe from any thread. */
    public void requestStop(boolean graceful) {
        enqueue(graceful ? Event.TERM : Event.INT);
    }

    /** The bound listener addresses, real ports included. */
    public List<SocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    private void enqueue(Event event) {
        events.add(event);
    }

    private void handle(Event event) {
        switch (event) {
            case TERM -> onTerm();
            case INT -> onInt();
        }
    }

    private void onTerm() {
        log.info("Handling signal: term");
        stop(true);
    }

    private void onInt() {
        log.info("Handling signal: int");
        stop(false);
    }

    /**
     * Stops the server. Graceful: close the listeners, let requests in flight finish within
     * {@code graceful_timeout}, then close what is left. Quick: close everything now.
     */
    private void stop(boolean graceful) {
        server.stopAccepting();
        workers.shutdown();
        if (graceful) {
            try {
                Duration grace = Duration.ofSeconds(config.get(Settings.GRACEFUL_TIMEOUT));
                if (!workers.awaitTermination(grace)) {
                    log.warn("Graceful timeout ({} s) passed with requests still running", grace.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdownNow();
        server.shutdown();
        running = false;
    }

    private WorkerPool createWorkers() {
        int count = config.get(Settings.WORKERS);
        return switch (config.get(Settings.WORKER_CLASS)) {
            case "virtual" -> new VirtualWorkerPool(count, config.get(Settings.WORKER_CONNECTIONS));
            default -> new ThreadWorkerPool(count, config.get(Settings.THREADS));
        };
    }

    private HttpServerContext httpContext() {
        RequestLimits limits = new RequestLimits(config.get(Settings.LIMIT_REQUEST_LINE),
                config.get(Settings.LIMIT_REQUEST_FIELDS), config.get(Settings.LIMIT_REQUEST_FIELD_SIZE));
        return new HttpServerContext(application, workers, workers.multithread(), false, "http", "",
                new PrintWriter(new ErrorLogWriter(), true), limits,
                Duration.ofSeconds(config.get(Settings.KEEPALIVE)), Duration.ofSeconds(10));
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return "unix:" + address.toString().replaceFirst("^unix:", "");
    }

    /** {@code gateway.errors}: lines an application writes go to the error log. */
    private static final class ErrorLogWriter extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    errors.error(line.toString());
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (!line.isEmpty()) {
                errors.error(line.toString());
                line.setLength(0);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
