package dev.gateway.server.worker;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.HeaderValues;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.control.ControlSocketPath;
import dev.gateway.server.http.EventLoopCalls;
import dev.gateway.server.http.HealthCheck;
import dev.gateway.server.http.Http2Options;
import dev.gateway.server.http.HttpRules;
import dev.gateway.server.http.RequestObserver;
import dev.gateway.server.log.AccessLog;
import dev.gateway.server.log.AccessLogFormat;
import dev.gateway.server.log.LogTargets;
import dev.gateway.server.metrics.RequestMetrics;
import dev.gateway.server.metrics.RequestStats;
import dev.gateway.server.metrics.StatsD;
import dev.gateway.server.config.AddressRanges;
import dev.gateway.server.net.HttpServer;
import dev.gateway.server.net.Tls;
import dev.gateway.server.websocket.WebSocketOptions;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.List;
import dev.gateway.server.http.HttpServerContext;
import dev.gateway.server.http.RequestLimits;
import dev.gateway.server.log.ErrorLogWriter;
import dev.gateway.spi.Application;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Builds the {@link HttpServerContext} of the workers from the configuration (master and child JVM alike). */
public final class HttpContexts {

    private HttpContexts() {
    }

    /**
     * Every request goes to {@code workers} (the event loops call no application themselves), counted in
     * statistics of their own.
     */
    public static HttpServerContext forWorkers(Config config, Executor workers, boolean multithread, boolean multiprocess) {
        return forWorkers(config, workers, null, multithread, multiprocess, new RequestStats());
    }

    /**
     * Requests go to {@code queue}, or run on their event loop when the workers' application is
     * non-blocking; the application called is that of the worker running each request (or the one its
     * workers offered the event loops); every request is counted in {@code stats}.
     */
    public static HttpServerContext forWorkers(Config config, RequestQueue queue, boolean multithread, boolean multiprocess,
                                               RequestStats stats) {
        return forWorkers(config, queue, queue.eventLoopCalls(), multithread, multiprocess, stats);
    }

    private static HttpServerContext forWorkers(Config config, Executor queue, EventLoopCalls eventLoopCalls,
                                                boolean multithread, boolean multiprocess, RequestStats stats) {
        RequestLimits limits = new RequestLimits(config.get(Settings.LIMIT_REQUEST_LINE),
                config.get(Settings.LIMIT_REQUEST_FIELDS), config.get(Settings.LIMIT_REQUEST_FIELD_SIZE),
                config.get(Settings.LIMIT_REQUEST_BODY));
        SslContext tls = Tls.serverContext(config);
        HttpServerContext.Site site = new HttpServerContext.Site(tls != null ? "https" : "http", config.get(Settings.SCRIPT_NAME),
                new PrintWriter(new ErrorLogWriter(), true), multithread, multiprocess);
        HttpServerContext.Timeouts timeouts = new HttpServerContext.Timeouts(Duration.ofSeconds(config.get(Settings.KEEPALIVE)),
                Duration.ofSeconds(config.get(Settings.HEADER_TIMEOUT)));
        return new HttpServerContext(new WorkerApplication(), queue, site, limits, httpRules(config), timeouts,
                requestObserver(config, stats), HealthCheck.forPath(config.get(Settings.HEALTH_PATH)), tls,
                config.get(Settings.MAX_CONNECTIONS), http2(config, tls != null), websocket(config), eventLoopCalls);
    }

    /**
     * The event loops of a server of this configuration serving {@code application}: the
     * {@code io_threads} setting; else every core when the loops do HTTP/2's work
     * ({@link HttpServer#defaultIoThreads(boolean)}); else, for an application that declares itself
     * non-blocking, whose calls the loops run, a core each across the server: all the cores, shared
     * out among process workers (on 2 cores with 2 process workers, one loop each against two each:
     * p99 6.2-7.0 against 7.4-15.8 ms at 64 connections, docs/performance.md); else half the cores.
     * Decided when the server starts: a reload keeps them.
     */
    public static int ioThreads(Config config, Application application) {
        int setting = config.get(Settings.IO_THREADS);
        boolean http2 = http2(config, Tls.enabled(config)).enabled();
        if (setting > 0 || http2 || !application.nonBlocking()) {
            return HttpServer.ioThreads(setting, http2);
        }
        int processes = config.get(Settings.WORKER_CLASS) == WorkerClass.PROCESS ? config.get(Settings.WORKERS) : 1;
        return Math.max(1, HttpServer.defaultIoThreads(true) / processes);
    }

    /** The {@code websocket_*} settings. */
    static WebSocketOptions websocket(Config config) {
        return new WebSocketOptions(config.get(Settings.WEBSOCKET_MAX_FRAME_SIZE), config.get(Settings.WEBSOCKET_MAX_MESSAGE_SIZE),
                Duration.ofSeconds(config.get(Settings.WEBSOCKET_IDLE_TIMEOUT)), config.get(Settings.WEBSOCKET_COMPRESSION),
                config.get(Settings.WEBSOCKET_ALLOWED_ORIGINS));
    }

    /** How HTTP/2 is offered: through ALPN on TLS listeners, by prior knowledge on cleartext ones. */
    public static Http2Options http2(Config config, boolean tls) {
        String cleartext = tls ? "off" : config.get(Settings.HTTP2_CLEARTEXT);
        return new Http2Options(tls && Tls.offersHttp2(config), cleartext.equals("prior-knowledge") || cleartext.equals("both"),
                cleartext.equals("upgrade") || cleartext.equals("both"),
                config.get(Settings.HTTP2_MAX_CONCURRENT_STREAMS), config.get(Settings.HTTP2_INITIAL_WINDOW_SIZE),
                config.get(Settings.HTTP2_MAX_FRAME_SIZE), config.get(Settings.HTTP2_MAX_HEADER_LIST_SIZE),
                config.get(Settings.GRACEFUL_TIMEOUT) * 1000L);
    }

    /**
     * The request statistics when something reads them ({@link #countsRequests}), and the access log and
     * the StatsD metrics when configured; null when none is wanted (a request then costs no record).
     */
    static RequestObserver requestObserver(Config config, RequestStats stats) {
        List<RequestObserver> observers = new ArrayList<>();
        if (countsRequests(config)) {
            observers.add(stats);
        }
        if (LogTargets.accessLogWanted(config)) {
            observers.add(new AccessLog(AccessLogFormat.compile(config.get(Settings.ACCESS_LOG_FORMAT))));
        }
        StatsD statsd = StatsD.open(config);
        if (statsd != null) {
            observers.add(new RequestMetrics(statsd));
        }
        return RequestObserver.all(observers);
    }

    /**
     * True when the request statistics have a reader: the control socket ({@code show stats}, on by
     * default) or the Prometheus endpoint. With both off, requests are not counted, at no cost.
     */
    public static boolean countsRequests(Config config) {
        return !config.get(Settings.CONTROL_SOCKET).equals(ControlSocketPath.OFF) || !config.get(Settings.METRICS_BIND).isEmpty();
    }

    /** The parser's strictness and trust settings. */
    public static HttpRules httpRules(Config config) {
        return new HttpRules(config.get(Settings.PERMIT_OBSOLETE_FOLDING), config.get(Settings.STRIP_HEADER_SPACES),
                config.get(Settings.PERMIT_UNCONVENTIONAL_HTTP_METHOD), config.get(Settings.CASEFOLD_HTTP_METHOD),
                HttpRules.HeaderMap.of(config.get(Settings.HEADER_MAP)), config.get(Settings.REQUIRE_HOST),
                AddressRanges.of(config.get(Settings.FORWARDED_ALLOW_IPS)),
                HeaderValues.secureSchemeHeaders(config.get(Settings.SECURE_SCHEME_HEADERS)),
                config.get(Settings.PROXY_PROTOCOL), AddressRanges.of(config.get(Settings.PROXY_ALLOW_IPS)),
                HeaderValues.forwarderHeaders(config.get(Settings.FORWARDER_HEADERS)));
    }

    /** {@code max_requests} plus a random jitter in [0, max_requests_jitter]; 0 for no limit. */
    public static long requestQuota(Config config) {
        int max = config.get(Settings.MAX_REQUESTS);
        if (max <= 0) {
            return 0;
        }
        int jitter = config.get(Settings.MAX_REQUESTS_JITTER);
        return max + (jitter > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextInt(jitter + 1) : 0);
    }
}
