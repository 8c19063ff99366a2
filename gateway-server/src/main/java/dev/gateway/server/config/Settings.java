package dev.gateway.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * THE registry: every setting of the server, declared once, in the order of docs/settings.md. Adding a
 * setting means adding one declaration here; the command line, config file, environment,
 * {@code --print-config} and docs pick it up.
 *
 * <p>Names follow Gunicorn's wherever Gunicorn has the same setting, so its users find their way.
 */
public final class Settings {

    private Settings() {
    }

    private static final List<Setting<?>> REGISTRY = new ArrayList<>();

    /** A file-mode mask written in octal ({@code 007}, {@code 0o007}), as Gunicorn's {@code umask}. */
    private static final ValueType<Integer> OCTAL_MASK = new ValueType<>() {
        @Override
        public Integer parse(String text) {
            String digits = text.trim().replaceFirst("^0[oO]", "");
            if (!digits.matches("[0-7]{1,4}") || Integer.parseInt(digits, 8) > 0777) {
                throw new IllegalArgumentException("is not an octal mask (0 to 777)");
            }
            return Integer.parseInt(digits, 8);
        }

        @Override
        public String format(Integer value) {
            return value == 0 ? "0" : String.format("0%03o", value);
        }
    };

    /** The default of both trust settings: the peers on this machine. */
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    /** Every setting, in declaration order. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(REGISTRY);

    private static <T> Setting<T> declare(Setting.Builder<T> builder) {
        Setting<T> setting = builder.build();
        REGISTRY.add(setting);
        return setting;
    }

    // ---- Config file and the command line's own modes ----------------------------------------------

    public static final Setting<String> CONFIG = declare(Setting.builder("config", ValueType.STRING)
            .section(Section.CONFIG_FILE).cli("-c", "--config").metavar("FILE")
            .notInConfigFile()
            .summary("A config file: Java properties keyed by setting name.")
            .description("""
                    Each line is `name = value`, with values written as on the command line and list
                    items separated by commas, e.g. `workers = 4` or `bind = 127.0.0.1:8000,unix:/run/gw.sock`.
                    A key that names no setting is an error (with a suggestion), never silently ignored.
                    Values in the file beat the built-in defaults and lose to `GATEWAY_CMD_ARGS` and
                    the command line. A `-c` on the command line beats one in `GATEWAY_CMD_ARGS`.
                    Relative paths are resolved against the folder the server was started in."""));

    public static final Setting<String> WSGI_APP = declare(Setting.builder("wsgi_app", ValueType.STRING)
            .section(Section.CONFIG_FILE).metavar("APP")
            .validator(value -> value == null || !value.isBlank() ? null : "must name a class")
            .summary("The application, when it is not given as APP on the command line.")
            .description("""
                    `CLASS` (a public no-arg constructor), `CLASS:field` (a public static field) or
                    `CLASS:method` (a public static no-arg method returning the application). The
                    positional APP argument sets it; a config file may set it instead. Named after
                    Gunicorn's `wsgi_app`: the contract is the Java rendering of WSGI."""));

    public static final Setting<Boolean> CHECK_CONFIG = declare(Setting.builder("check_config", ValueType.BOOLEAN)
            .section(Section.CONFIG_FILE).cli("--check-config")
            .defaultValue(false)
            .summary("Load the configuration and the application, check the bind addresses, then exit (0 when all pass).")
            .description("""
                    A pre-deploy check: reads every source of settings, validates them, loads the
                    application, checks that each TCP address of `bind` can be bound here (the host
                    resolves to an address of this machine, the port may be bound by this user; a
                    port in use passes, as a start would wait for it), and exits without serving.
                    The exit status is 0, or the code a start would exit with (see Exit codes), with
                    the reason in one line on stderr."""));

    public static final Setting<Boolean> PRINT_CONFIG = declare(Setting.builder("print_config", ValueType.BOOLEAN)
            .section(Section.CONFIG_FILE).cli("--print-config")
            .defaultValue(false)
            .summary("Print every resolved setting and where its value came from, then exit.")
            .description("""
                    One line per setting: name, value, and its source (default, environment default,
                    config file, GATEWAY_CMD_ARGS, command line). APP is not needed. Combined with
                    `--check-config`, the application is loaded afterwards as well."""));

    // ---- Server socket -----------------------------------------------------------------------------

    public static final Setting<List<String>> BIND = declare(Setting.builder("bind", ValueType.STRING_LIST)
            .section(Section.SERVER_SOCKET).cli("-b", "--bind").metavar("ADDRESS")
            .defaultValue(List.of("127.0.0.1:8000"))
            .environmentDefault("PORT", Settings::bindForPort)
            .validator(Settings::checkBind)
            .summary("The socket to bind; repeat to bind several.")
            .description("""
                    `HOST:PORT`, `[IPv6]:PORT`, `unix:PATH` or `fd://N` (a listening socket inherited
                    as file descriptor N), read as Gunicorn reads them: `HOST` alone is port 8000 (so
                    `18096` is a host, not a port), `:PORT` is host 0.0.0.0, and a `tcp://` or
                    `unix://` prefix may come first. `0.0.0.0` listens on IPv4 only; `[::]` on IPv6
                    and, by Linux's dual stack, IPv4 too, unless an IPv4 address shares its port.
                    Repeat the flag to listen on several addresses at once.
                    Under systemd socket activation (`LISTEN_PID`, `LISTEN_FDS`) the sockets systemd
                    passes are served instead. Port 0 picks a free port (the log line says which). When the
                    `PORT` environment variable is set and no bind is configured, the default is
                    `0.0.0.0:$PORT`, as on Heroku-style platforms. A port in use is tried 5 times,
                    1 s apart, before the start fails with `Can't connect to ADDRESS: REASON`."""));

    public static final Setting<Integer> BACKLOG = declare(Setting.builder("backlog", ValueType.INTEGER)
            .section(Section.SERVER_SOCKET).cli("--backlog").metavar("INT")
            .defaultValue(2048).validator(Validator.atLeast(1))
            .summary("The maximum number of pending connections.")
            .description("""
                    The length of the kernel's accept queue for each listening socket. Connections
                    beyond it are refused or retried by the client's kernel."""));

    public static final Setting<Integer> MAX_CONNECTIONS = declare(Setting.builder("max_connections", ValueType.INTEGER)
            .section(Section.SERVER_SOCKET).cli("--max-connections").metavar("INT")
            .defaultValue(10000).validator(Validator.atLeast(0))
            .summary("The maximum number of open client connections per server process.")
            .description("""
                    A connection accepted past it is answered `503 Service Unavailable` with
                    `Connection: close`, without reading its request, and closed (on a TLS listener
                    it is closed at once); the refusals are logged at most once a second. It bounds
                    the memory and file descriptors clients can take. 0 means no limit."""));

    public static final Setting<Integer> UMASK = declare(Setting.builder("umask", OCTAL_MASK)
            .section(Section.SERVER_SOCKET).cli("-m", "--umask").metavar("INT")
            .defaultValue(0)
            .summary("The bits masked out of a Unix socket file's mode.")
            .description("""
                    An octal mask, as for the shell's `umask`: a `unix:PATH` socket file gets the mode
                    `0777 & ~umask` right after the bind. Connecting needs write permission on the
                    file, so `007` lets only the owner and the group (say, nginx's) talk to the server.
                    The default 0 leaves the socket open to every local user."""));

    public static final Setting<Boolean> REUSE_PORT = declare(Setting.builder("reuse_port", ValueType.BOOLEAN)
            .section(Section.SERVER_SOCKET).cli("--reuse-port")
            .defaultValue(false)
            .summary("Set SO_REUSEPORT on TCP listeners, so that several servers can listen on one port.")
            .description("""
                    Every server on the port must set it (and run as the same user); the kernel then
                    spreads new connections over them. A new instance can so start on the port of the
                    running one before that one is stopped with TERM, without a proxy in front
                    (docs/deployment.md). Without it, a port in use is retried 5 times, 1 s apart,
                    as Gunicorn does, then the server exits with an error."""));

    // ---- Worker processes --------------------------------------------------------------------------

    public static final Setting<Integer> WORKERS = declare(Setting.builder("workers", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("-w", "--workers").metavar("INT")
            .defaultValue(1).validator(Validator.atLeast(1))
            .environmentDefault("WEB_CONCURRENCY", text -> text)
            .summary("The number of workers.")
            .description("""
                    How many workers serve requests. With the `thread` worker class each worker runs
                    `threads` threads, so `-w 4` serves 4 requests at once. When the `WEB_CONCURRENCY`
                    environment variable is set, it is the default."""));

    public static final Setting<WorkerClass> WORKER_CLASS = declare(Setting.builder("worker_class", ValueType.choice(WorkerClass.class))
            .section(Section.WORKER_PROCESSES).cli("-k", "--worker-class").metavar("STRING")
            .defaultValue(WorkerClass.THREAD)
            .summary("The type of workers: thread, virtual or process.")
            .description("""
                    `thread`: workers live in the server's JVM, each with `threads` platform threads
                    (like Gunicorn's sync and gthread workers). `virtual`: each request runs on its own
                    virtual thread, at most `worker_connections` at once per worker (like gevent).
                    `process`: each worker is a child JVM running the thread model inside."""));

    public static final Setting<Integer> THREADS = declare(Setting.builder("threads", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--threads").metavar("INT")
            .defaultValue(1).validator(Validator.atLeast(1))
            .summary("The number of worker threads per worker.")
            .description("""
                    Requests one worker handles at once with the `thread` and `process` worker
                    classes. `-w 4 --threads 8` serves 32 requests at once."""));

    public static final Setting<Integer> WORKER_CONNECTIONS = declare(Setting.builder("worker_connections", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--worker-connections").metavar("INT")
            .defaultValue(1000).validator(Validator.atLeast(1))
            .summary("The maximum number of requests one virtual worker runs at once.")
            .description("""
                    Only for the `virtual` worker class: each worker admits at most this many requests
                    at once; the next wait for a free slot."""));

    public static final Setting<Integer> TIMEOUT = declare(Setting.builder("timeout", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("-t", "--timeout").metavar("INT")
            .defaultValue(30).validator(Validator.atLeast(0))
            .summary("Seconds a request may run (0: no limit). "
                    + "thread: a request running longer is answered 504 (its connection closed if the response had started) "
                    + "and its thread is replaced. "
                    + "virtual: a request running longer is answered 504 the same way and its slot of --worker-connections is freed. "
                    + "process: a worker JVM with a request running longer, or silent (no heartbeat) that long, is killed and restarted.")
            .description("""
                    In the thread and virtual classes nothing is killed (a JVM cannot kill a
                    thread): the late request's thread is interrupted and its stack logged, and if
                    it ignores the interrupt it runs on until it returns; use process workers when
                    code that hangs must be stopped. A process worker's thread dump is logged before
                    it is killed (`WORKER TIMEOUT`), and every request it was running is cut off.
                    docs/architecture.md ("Timeouts") has the details."""));

    public static final Setting<Integer> GRACEFUL_TIMEOUT = declare(Setting.builder("graceful_timeout", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--graceful-timeout").metavar("INT")
            .defaultValue(30).validator(Validator.atLeast(0))
            .summary("Seconds in-flight requests get to finish on a graceful stop.")
            .description("""
                    After a graceful stop (SIGTERM) the listeners close at once; requests in flight
                    have this long to finish before they are cut off."""));

    public static final Setting<Integer> MAX_REQUESTS = declare(Setting.builder("max_requests", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--max-requests").metavar("INT")
            .defaultValue(0).validator(Validator.atLeast(0))
            .summary("Requests a worker serves before it is replaced (0: never).")
            .description("""
                    A simple guard against memory leaks: a worker that served this many requests
                    stops taking new ones, finishes those it runs, and a fresh worker takes its
                    place; no request is lost. 0 disables it."""));

    public static final Setting<Integer> MAX_REQUESTS_JITTER = declare(Setting.builder("max_requests_jitter", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--max-requests-jitter").metavar("INT")
            .defaultValue(0).validator(Validator.atLeast(0))
            .summary("A random 0..N added to max_requests per worker.")
            .description("""
                    Spreads the restarts so that workers do not all restart at once."""));

    public static final Setting<Integer> KEEPALIVE = declare(Setting.builder("keepalive", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--keep-alive").metavar("INT")
            .defaultValue(2).validator(Validator.atLeast(0))
            .summary("Seconds to wait for the next request on a keep-alive connection.")
            .description("""
                    An idle keep-alive connection is closed after this many seconds. 0 closes each
                    connection after its response. Behind a load balancer, set it above the
                    balancer's own idle timeout."""));

    public static final Setting<Integer> HEADER_TIMEOUT = declare(Setting.builder("header_timeout", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--header-timeout").metavar("INT")
            .defaultValue(10).validator(Validator.atLeast(0))
            .summary("Seconds a new connection may take to send its first request head.")
            .description("""
                    A client that connects and sends its request line and headers slower than this
                    (or nothing at all) is disconnected. The head is read by the event loop, so slow
                    clients never hold a worker thread; this bounds how long they hold a connection.
                    0 disables it."""));

    public static final Setting<Integer> IO_THREADS = declare(Setting.builder("io_threads", ValueType.INTEGER)
            .section(Section.WORKER_PROCESSES).cli("--io-threads").metavar("INT")
            .defaultValue(0).validator(Validator.atLeast(0))
            .summary("Netty event-loop threads that own the sockets (0: half the cores, at least 1; all the cores when HTTP/2 is on or the application is non-blocking).")
            .description("""
                    Event loops read and write sockets and parse HTTP; they do not run the
                    application, whose workers need the other half of the cores, unless it declares
                    itself non-blocking (`Application.nonBlocking()`): then its requests without a
                    body run on the loops, which get a core each by default (on 2 cores, one loop
                    had a p99 of 61 to 288 ms at 256 connections, two 10 to 15 ms), shared out
                    among process workers (2 workers on 2 cores: one loop each). Each process
                    worker has its own. Raise it for a server that mostly moves bytes (large files,
                    many slow connections) rather than running code.

                    A server that may speak HTTP/2 (h2 offered over TLS, or `http2_cleartext` on)
                    gets a loop per core by default: framing, HPACK and flow control are event-loop
                    work, and on 2 cores one loop limited 64 connections of 100 streams each to
                    about three quarters of what two loops served. Set it to half the cores when
                    most clients still speak HTTP/1.1."""));

    // ---- SSL ---------------------------------------------------------------------------------------

    public static final Setting<String> CERTFILE = declare(Setting.builder("certfile", ValueType.STRING)
            .section(Section.SSL).cli("--certfile").metavar("FILE")
            .defaultValue("").validator(Validator.existingFileOrEmpty())
            .summary("A PEM certificate (chain): with keyfile, every listener speaks HTTPS.")
            .description("""
                    The server's certificate first, then any intermediate certificates. With TLS on,
                    `gateway.url_scheme` is `https`. TLS runs on the JDK's own provider; responses
                    built from a `FileBody` are copied in chunks instead of sent with zero copy."""));

    public static final Setting<String> KEYFILE = declare(Setting.builder("keyfile", ValueType.STRING)
            .section(Section.SSL).cli("--keyfile").metavar("FILE")
            .defaultValue("").validator(Validator.existingFileOrEmpty())
            .summary("The PEM private key (PKCS#8, unencrypted) of certfile.")
            .description("""
                    `-----BEGIN PRIVATE KEY-----`. Required when `certfile` is set, and the other
                    way round."""));

    public static final Setting<String> CA_CERTS = declare(Setting.builder("ca_certs", ValueType.STRING)
            .section(Section.SSL).cli("--ca-certs").metavar("FILE")
            .defaultValue("").validator(Validator.existingFileOrEmpty())
            .summary("PEM certificates of the authorities client certificates must come from.")
            .description("""
                    Used with `cert_reqs` `optional` or `required`. Without it, the JDK's default
                    trust store decides."""));

    public static final Setting<String> CERT_REQS = declare(Setting.builder("cert_reqs", ValueType.choice("none", "optional", "required"))
            .section(Section.SSL).cli("--cert-reqs").metavar("MODE")
            .defaultValue("none")
            .summary("Client certificates: none, optional or required.")
            .description("""
                    `none` asks for no client certificate; `optional` asks, and accepts clients that
                    send none (a certificate sent must verify against `ca_certs`); `required` ends the
                    TLS handshake of a client without a valid one. Gunicorn's `CERT_NONE`,
                    `CERT_OPTIONAL`, `CERT_REQUIRED`."""));

    // ---- HTTP/2 ------------------------------------------------------------------------------------

    public static final Setting<List<String>> HTTP_PROTOCOLS = declare(Setting.builder("http_protocols", ValueType.STRING_LIST)
            .section(Section.HTTP2).cli("--http-protocols").metavar("LIST")
            .defaultValue(List.of("h1"))
            .validator(Settings::checkHttpProtocols)
            .summary("The protocols offered to TLS clients, in order of preference: h1, h2.")
            .description("""
                    `h1,h2` offers HTTP/2 beside HTTP/1.1 through TLS's ALPN; the client picks. `h2`
                    needs `certfile` (browsers and most clients speak HTTP/2 only over TLS; cleartext
                    HTTP/2 is `http2_cleartext`). Each HTTP/2 stream is one request on the same worker
                    path as an HTTP/1.1 request: same environ (`SERVER_PROTOCOL` is `HTTP/2.0`), same
                    timeouts, access log and health path."""));

    public static final Setting<String> HTTP2_CLEARTEXT = declare(Setting.builder("http2_cleartext",
                    ValueType.choice("off", "prior-knowledge", "upgrade", "both"))
            .section(Section.HTTP2).cli("--http2-cleartext").metavar("MODE")
            .defaultValue("off")
            .summary("Cleartext HTTP/2 (h2c) from trusted peers: off, prior-knowledge, upgrade or both.")
            .description("""
                    `prior-knowledge` serves a connection that opens with the HTTP/2 preface (`curl
                    --http2-prior-knowledge`, gRPC, a load balancer speaking h2c) as HTTP/2;
                    `upgrade` switches an HTTP/1.1 connection whose body-less request asks for
                    `Upgrade: h2c` (Java's HttpClient does, for `http://` URLs; RFC 9113 deprecates
                    this handshake) and answers that request on stream 1; `both` does both. Only for
                    peers in `forwarded_allow_ips` (a Unix-socket peer always is): other connections
                    are HTTP/1.1 as usual, the preface from any other peer is refused, and its
                    upgrade request is served over HTTP/1.1."""));

    public static final Setting<Integer> HTTP2_MAX_CONCURRENT_STREAMS = declare(Setting.builder("http2_max_concurrent_streams", ValueType.INTEGER)
            .section(Section.HTTP2).cli("--http2-max-concurrent-streams").metavar("INT")
            .defaultValue(100).validator(Validator.atLeast(1))
            .summary("Streams one HTTP/2 connection may have open at once.")
            .description("""
                    Announced in SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 section 6.5.2); a stream
                    opened past it is refused with REFUSED_STREAM, which a client may retry."""));

    public static final Setting<Integer> HTTP2_INITIAL_WINDOW_SIZE = declare(Setting.builder("http2_initial_window_size", ValueType.INTEGER)
            .section(Section.HTTP2).cli("--http2-initial-window-size").metavar("INT")
            .defaultValue(65535).validator(Validator.between(0, Integer.MAX_VALUE))
            .summary("The flow-control window of each HTTP/2 stream, in bytes.")
            .description("""
                    How much of a request body a client may send before the application reads it
                    (RFC 9113 section 6.9.2): the window opens again only as the application consumes
                    the body, so a slow reader slows the upload instead of filling memory."""));

    public static final Setting<Integer> HTTP2_MAX_FRAME_SIZE = declare(Setting.builder("http2_max_frame_size", ValueType.INTEGER)
            .section(Section.HTTP2).cli("--http2-max-frame-size").metavar("INT")
            .defaultValue(16384).validator(Validator.between(16384, 16777215))
            .summary("The largest HTTP/2 frame payload accepted, in bytes.")
            .description("""
                    SETTINGS_MAX_FRAME_SIZE (RFC 9113 section 6.5.2): from 16384 to 16777215."""));

    public static final Setting<Integer> HTTP2_MAX_HEADER_LIST_SIZE = declare(Setting.builder("http2_max_header_list_size", ValueType.INTEGER)
            .section(Section.HTTP2).cli("--http2-max-header-list-size").metavar("INT")
            .defaultValue(65536).validator(Validator.atLeast(1024))
            .summary("The largest decoded header list of an HTTP/2 request, in bytes.")
            .description("""
                    SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 section 6.5.2), counted as RFC 9113
                    does (name, value and 32 bytes per field): it bounds what a compressed header
                    block can expand to (an HPACK bomb), across CONTINUATION frames too."""));

    // ---- WebSocket ---------------------------------------------------------------------------------

    public static final Setting<Integer> WEBSOCKET_MAX_FRAME_SIZE = declare(Setting.builder("websocket_max_frame_size", ValueType.INTEGER)
            .section(Section.WEBSOCKET).cli("--websocket-max-frame-size").metavar("INT")
            .defaultValue(65536).validator(Validator.between(125, Integer.MAX_VALUE))
            .summary("The largest WebSocket frame payload accepted, in bytes.")
            .description("""
                    A client frame whose header announces more closes the socket with 1009 (message
                    too big, RFC 6455 section 7.4.1) before its payload is read. Messages may be
                    longer, in several fragments, up to `websocket_max_message_size`."""));

    public static final Setting<Integer> WEBSOCKET_MAX_MESSAGE_SIZE = declare(Setting.builder("websocket_max_message_size", ValueType.INTEGER)
            .section(Section.WEBSOCKET).cli("--websocket-max-message-size").metavar("INT")
            .defaultValue(1 << 20).validator(Validator.between(125, Integer.MAX_VALUE))
            .summary("The largest WebSocket message accepted, in bytes, after reassembly and decompression.")
            .description("""
                    The application receives whole messages, so this bounds what one socket can make
                    the server hold; a longer message (or a compressed one that inflates past it)
                    closes the socket with 1009."""));

    public static final Setting<Integer> WEBSOCKET_IDLE_TIMEOUT = declare(Setting.builder("websocket_idle_timeout", ValueType.INTEGER)
            .section(Section.WEBSOCKET).cli("--websocket-idle-timeout").metavar("INT")
            .defaultValue(300).validator(Validator.atLeast(0))
            .summary("Seconds a WebSocket may go without a frame either way before it is closed (1001); 0 for never.")
            .description("""
                    A WebSocket is exempt from `timeout` (a session is meant to last); this closes
                    one that went silent, a client that vanished without a close for example. A
                    ping from either side counts as traffic, so an application or client that pings
                    more often than this keeps a quiet socket open. Keep it below a proxy's
                    read timeout (nginx's `proxy_read_timeout`) or ping more often than that."""));

    public static final Setting<Boolean> WEBSOCKET_COMPRESSION = declare(Setting.builder("websocket_compression", ValueType.BOOLEAN)
            .section(Section.WEBSOCKET).cli("--websocket-compression")
            .defaultValue(true)
            .summary("Negotiate permessage-deflate (RFC 7692) when a client offers it.")
            .description("""
                    Compression costs CPU and about 64 KB of zlib state per socket for each direction;
                    turn it off for many mostly idle sockets, or when the messages are already
                    compressed."""));

    public static final Setting<List<String>> WEBSOCKET_ALLOWED_ORIGINS = declare(Setting.builder("websocket_allowed_origins", ValueType.STRING_LIST)
            .section(Section.WEBSOCKET).cli("--websocket-allowed-origins").metavar("ORIGINS")
            .defaultValue(List.of()).validator(Settings::checkOrigins)
            .summary("Origins besides the server's own that may open a WebSocket; `*` for any.")
            .description("""
                    A browser sends `Origin` with every WebSocket handshake, and any page may try to
                    open a socket to any server with the user's cookies (cross-site WebSocket
                    hijacking). A handshake whose `Origin` is neither the request's own
                    (`scheme://Host`) nor in this list, e.g. `https://app.example.com`, is refused
                    with 403 before the application sees it. A handshake without `Origin` (not from a
                    browser) is let through."""));

    // ---- Security ----------------------------------------------------------------------------------

    public static final Setting<Integer> LIMIT_REQUEST_LINE = declare(Setting.builder("limit_request_line", ValueType.INTEGER)
            .section(Section.SECURITY).cli("--limit-request-line").metavar("INT")
            .defaultValue(4094).validator(Validator.between(0, 8190))
            .summary("The maximum size of the HTTP request line in bytes.")
            .description("""
                    The request line holds the method, the target and the version; CRLF is not
                    counted. 0 means the largest allowed value, 8190. Longer lines are refused with
                    400, as Gunicorn does."""));

    public static final Setting<Integer> LIMIT_REQUEST_FIELDS = declare(Setting.builder("limit_request_fields", ValueType.INTEGER)
            .section(Section.SECURITY).cli("--limit-request-fields").metavar("INT")
            .defaultValue(100).validator(Validator.between(0, 32768))
            .summary("The maximum number of header fields in a request.")
            .description("""
                    Requests with more fields are refused with 431. 0 means the largest allowed value,
                    32768."""));

    public static final Setting<Integer> LIMIT_REQUEST_FIELD_SIZE = declare(Setting.builder("limit_request_field_size", ValueType.INTEGER)
            .section(Section.SECURITY).cli("--limit-request-field-size").metavar("INT")
            .defaultValue(8190).validator(Validator.atLeast(0))
            .summary("The maximum size of one request header field line in bytes.")
            .description("""
                    The line counts its CRLF, and the continuation lines of a folded field. Longer
                    header lines are refused with 431. 0 means 8190."""));

    public static final Setting<Integer> LIMIT_REQUEST_BODY = declare(Setting.builder("limit_request_body", ValueType.INTEGER)
            .section(Section.SECURITY).cli("--limit-request-body").metavar("INT")
            .defaultValue(0).validator(Validator.atLeast(0))
            .summary("The maximum size of a request body in bytes.")
            .description("""
                    A request declaring a larger Content-Length is answered 413 with `Connection:
                    close` before the application is called (and without `100 Continue`). A chunked
                    body that grows past it fails the application's read; the client gets a 413 if
                    the response has not started, else the connection is closed. 0 means no limit."""));

    public static final Setting<Boolean> PERMIT_OBSOLETE_FOLDING = declare(Setting.builder("permit_obsolete_folding", ValueType.BOOLEAN)
            .section(Section.SECURITY).cli("--permit-obsolete-folding")
            .defaultValue(false)
            .summary("Accept obsolete line folding in request headers.")
            .description("""
                    A header line that starts with a space or tab continues the previous field
                    (RFC 9112 section 5.2, obs-fold). By default such requests are refused with 400;
                    with this set, the lines are joined into one value with a space."""));

    public static final Setting<Boolean> STRIP_HEADER_SPACES = declare(Setting.builder("strip_header_spaces", ValueType.BOOLEAN)
            .section(Section.SECURITY).cli("--strip-header-spaces")
            .defaultValue(false)
            .summary("Accept and strip spaces between a header name and its colon.")
            .description("""
                    RFC 9112 section 5.1 forbids whitespace before the colon, and such requests are
                    refused with 400. This is a compatibility switch for broken clients; it is
                    dangerous behind a proxy that reads such headers differently."""));

    public static final Setting<Boolean> PERMIT_UNCONVENTIONAL_HTTP_METHOD = declare(Setting.builder("permit_unconventional_http_method", ValueType.BOOLEAN)
            .section(Section.SECURITY).cli("--permit-unconventional-http-method")
            .defaultValue(false)
            .summary("Accept methods that are tokens but not upper-case words of 3 to 20 characters.")
            .description("""
                    By default a method must be a token (RFC 9110 section 9.1) of 3 to 20 characters
                    without lower-case letters or `#`. With this set any token is accepted."""));

    public static final Setting<Boolean> CASEFOLD_HTTP_METHOD = declare(Setting.builder("casefold_http_method", ValueType.BOOLEAN)
            .section(Section.SECURITY).cli("--casefold-http-method")
            .defaultValue(false)
            .summary("Upper-case the request method before the application sees it.")
            .description("""
                    Only useful with `permit_unconventional_http_method`: methods are case-sensitive
                    (RFC 9110 section 9.1), so by default they reach the application as sent."""));

    public static final Setting<String> HEADER_MAP = declare(Setting.builder("header_map", ValueType.choice("drop", "refuse", "dangerous"))
            .section(Section.SECURITY).cli("--header-map").metavar("MODE")
            .defaultValue("drop")
            .summary("What to do with request header names that contain an underscore.")
            .description("""
                    In the environ `X_Forwarded_For` and `X-Forwarded-For` would both become
                    `HTTP_X_FORWARDED_FOR`, so a client could forge a header a proxy set. `drop`
                    silently removes such headers, `refuse` answers 400, `dangerous` passes them
                    through."""));

    public static final Setting<List<String>> FORWARDED_ALLOW_IPS = declare(Setting.builder("forwarded_allow_ips", ValueType.STRING_LIST)
            .section(Section.SECURITY).cli("--forwarded-allow-ips").metavar("IPS")
            .defaultValue(LOOPBACK)
            .environmentDefault("FORWARDED_ALLOW_IPS", value -> value)
            .validator(AddressRanges::problem)
            .summary("Proxies trusted to report the client's scheme, address and host.")
            .description("""
                    Addresses and CIDR ranges separated by commas (`10.0.0.0/8`, `fd00::/8`); `*`
                    trusts every peer. A peer on a Unix socket is always trusted, as in Gunicorn.
                    From a trusted peer: the `secure_scheme_headers` set `gateway.url_scheme` (if
                    they disagree with each other the request is refused with 400);
                    `X-Forwarded-For` sets `REMOTE_ADDR` to its rightmost address that is not itself
                    a trusted proxy (`REMOTE_PORT` becomes empty); `X-Forwarded-Host` becomes
                    `HTTP_HOST`, and so `SERVER_NAME` and `SERVER_PORT` (an invalid one is a 400).
                    From any other peer these are ordinary headers. The environment variable
                    `FORWARDED_ALLOW_IPS` sets the default, as in Gunicorn."""));

    public static final Setting<List<String>> FORWARDER_HEADERS = declare(Setting.builder("forwarder_headers", ValueType.STRING_LIST)
            .section(Section.SECURITY).cli("--forwarder-headers").metavar("NAMES")
            .defaultValue(List.of("SCRIPT_NAME", "PATH_INFO")).validator(Settings::checkForwarderHeaders)
            .summary("Header names with an underscore that a trusted proxy may send, such as SCRIPT_NAME.")
            .description("""
                    From a peer in `forwarded_allow_ips`, request headers with these names (any case)
                    pass whatever `header_map` says, and reach the application as `HTTP_` keys, as in
                    Gunicorn. A `SCRIPT_NAME` header sets the application's mount point for that
                    request (see `script_name`); `proxy_set_header SCRIPT_NAME /app;` in nginx.
                    From any other peer they are headers with an underscore like any other. Empty:
                    none."""));

    public static final Setting<List<String>> SECURE_SCHEME_HEADERS = declare(Setting.builder("secure_scheme_headers", ValueType.STRING_LIST)
            .section(Section.SECURITY).cli("--secure-scheme-headers").metavar("HEADER=VALUE")
            .defaultValue(List.of("X-Forwarded-Protocol=ssl", "X-Forwarded-Proto=https", "X-Forwarded-Ssl=on"))
            .validator(Settings::checkSecureSchemeHeaders)
            .summary("Headers a trusted proxy uses to say the client came over https.")
            .description("""
                    `HEADER=VALUE` items: from a peer in `forwarded_allow_ips`, a listed header with
                    exactly that value means https, any other value means http. Gunicorn's defaults;
                    give only the one your proxy sets (e.g. `X-Forwarded-Proto=https`) so that a
                    client cannot pick another. An empty value (`--secure-scheme-headers ''` or
                    `secure_scheme_headers =`) turns scheme headers off."""));

    public static final Setting<ProxyProtocol> PROXY_PROTOCOL = declare(Setting.builder("proxy_protocol", ValueType.choice(ProxyProtocol.class))
            .section(Section.SECURITY).cli("--proxy-protocol").metavar("MODE")
            .defaultValue(ProxyProtocol.OFF).flagAlone("auto")
            .summary("Accept a PROXY protocol preamble (HAProxy) before the first request.")
            .description("""
                    `v1` accepts the text form, `v2` the binary form, `auto` either; the flag
                    alone means `auto`, as in Gunicorn. A connection
                    without a preamble is served as usual; a malformed one is refused with 400. The
                    preamble's source address becomes `REMOTE_ADDR` and `REMOTE_PORT`."""));

    public static final Setting<List<String>> PROXY_ALLOW_IPS = declare(Setting.builder("proxy_allow_ips", ValueType.STRING_LIST)
            .section(Section.SECURITY).cli("--proxy-allow-from").metavar("IPS")
            .defaultValue(LOOPBACK)
            .validator(AddressRanges::problem)
            .summary("Peers allowed to send a PROXY protocol preamble.")
            .description("""
                    Addresses and CIDR ranges separated by commas, `*` for every peer; a Unix-socket
                    peer is always allowed. A preamble from any other peer is refused with 403 and
                    the connection closed, as Gunicorn does, since it would let that peer choose
                    `REMOTE_ADDR`. Only matters with `proxy_protocol` on."""));

    public static final Setting<Boolean> REQUIRE_HOST = declare(Setting.builder("require_host", ValueType.BOOLEAN)
            .section(Section.SECURITY).cli("--require-host")
            .defaultValue(true)
            .summary("Refuse HTTP/1.1 requests without a Host header (RFC 9112 section 3.2).")
            .description("""
                    Gateway-specific (Gunicorn accepts such requests). More than one Host header is
                    always refused."""));

    // ---- Application -------------------------------------------------------------------------------

    public static final Setting<List<String>> CLASSPATH = declare(Setting.builder("classpath", ValueType.STRING_LIST)
            .section(Section.APPLICATION).cli("--classpath").metavar("PATHS")
            .defaultValue(List.of())
            .summary("Where to load the application from: jars and folders, separated by ':'.")
            .description("""
                    Entries may be jar files, class folders, or `dir/*` for every jar in a folder. The
                    application gets its own class loader over these entries, with the gateway SPI
                    shared from the server."""));

    public static final Setting<String> WAR = declare(Setting.builder("war", ValueType.STRING)
            .section(Section.APPLICATION).cli("--war").metavar("PATH")
            .validator(value -> value == null || !value.isBlank() ? null : "must name a WAR file or a web application folder")
            .summary("Serve a Servlet web application: a WAR file or an unpacked one, instead of APP.")
            .description("""
                    `gateway --war shop.war` deploys the web application as a Servlet container would
                    (`WEB-INF/web.xml`, `WEB-INF/classes`, `WEB-INF/lib/*.jar`, its annotated classes
                    and initializers, its static files) through gateway-servlet's
                    `ServletApplication.fromWebApp`, which `bin/gateway` then puts on the server's
                    class path with the Servlet API. Mount it under a context path with `--script-name`.
                    A relative path is resolved against `chdir`. Give APP or `--war`, not both."""));

    public static final Setting<String> SCRIPT_NAME = declare(Setting.builder("script_name", ValueType.STRING)
            .section(Section.APPLICATION).cli("--script-name").metavar("PATH")
            .defaultValue("").validator(Settings::checkScriptName)
            .environmentDefault("SCRIPT_NAME", value -> value)
            .summary("The path the application is mounted at (SCRIPT_NAME); unset means the root.")
            .description("""
                    For an application served under a prefix, say nginx's `location /app/` passing the
                    path on unchanged: `--script-name /app` gives it `SCRIPT_NAME` `/app` and the rest
                    of the path as `PATH_INFO`, so that it builds its links under `/app`. A request
                    outside the prefix gets `404 Not Found` from the server (Gunicorn answers 500).
                    When the `SCRIPT_NAME` environment variable is set, it is the default, as in
                    Gunicorn; a trusted proxy's `SCRIPT_NAME` header (`forwarder_headers`) overrides it
                    for its request."""));

    public static final Setting<String> PIDFILE = declare(Setting.builder("pidfile", ValueType.STRING)
            .section(Section.SERVER_MECHANICS).cli("-p", "--pid").metavar("FILE")
            .defaultValue("")
            .summary("A file to write the master's PID to.")
            .description("""
                    Written before the listeners are bound (so it exists once "Listening at" is logged) and removed
                    when the master exits. A file naming another live process is refused: a second master
                    on the same file exits with code 5."""));

    // ---- Logging -----------------------------------------------------------------------------------

    public static final Setting<String> LOGLEVEL = declare(Setting.builder("loglevel", ValueType.choice("debug", "info", "warning", "error", "critical"))
            .section(Section.LOGGING).cli("--log-level").metavar("LEVEL")
            .defaultValue("info")
            .summary("The granularity of error log output.")
            .description("""
                    One of `debug`, `info`, `warning`, `error`, `critical`. At `debug`, startup errors
                    also print their stack trace."""));

    public static final Setting<String> LOGCONFIG = declare(Setting.builder("logconfig", ValueType.STRING)
            .section(Section.LOGGING).cli("--log-config").metavar("FILE")
            .defaultValue("").validator(Validator.existingFileOrEmpty())
            .summary("A logback configuration file that replaces the built-in one.")
            .description("""
                    Read at start and on each HUP by the master, and by every process worker, before
                    anything is logged through it. The file decides appenders, formats and levels; `--log-level` then
                    applies only when given explicitly, and `--access-logfile` and `--error-logfile`
                    still add their appenders. The Gunicorn-style pid of the built-in format is the
                    conversion word `pid` of `dev.gateway.server.log.PidConverter`. A file logback
                    reports errors for stops the start with exit code 5 (on HUP: the reload fails, and logging goes
                    back to the built-in configuration; a process worker started after the file broke
                    logs the error and serves with the built-in configuration)."""));

    public static final Setting<String> ACCESSLOG = declare(Setting.builder("accesslog", ValueType.STRING)
            .section(Section.LOGGING).cli("--access-logfile").metavar("FILE")
            .defaultValue("")
            .summary("Where access log lines go: a file, or - for stdout; unset means none.")
            .description("""
                    One line per request, written through the slf4j logger `gateway.access` (an
                    appender on that logger in your logback configuration turns the access log on as
                    well, with its own rotation). The file is opened for appending and reopened on
                    SIGUSR1."""));

    public static final Setting<String> ACCESS_LOG_FORMAT = declare(Setting.builder("access_log_format", ValueType.STRING)
            .section(Section.LOGGING).cli("--access-logformat").metavar("FORMAT")
            .defaultValue(dev.gateway.server.log.AccessLogFormat.DEFAULT)
            .validator(dev.gateway.server.log.AccessLogFormat::check)
            .summary("The access log line: Gunicorn's %(atom)s placeholders, or json.")
            .description("""
                    Atoms: `h` remote address, `l` `-`, `u` Basic-auth user, `t` time
                    `[10/Oct/2026:13:55:36 +0000]`, `r` request line, `m` method, `U` path, `q` query,
                    `H` protocol, `s` status, `B` body bytes, `b` body bytes or `-`, `f` referer,
                    `a` user agent, `T` seconds, `M` milliseconds, `D` microseconds, `L` decimal
                    seconds, `p` `<pid>`, `I` bytes received after the head (a WebSocket's messages; `-` for
                    an HTTP request), `{name}i` request header, `{name}o` response header,
                    `{name}e` environ key. Values are escaped so that a client cannot forge a line
                    (`"`, `\\` and control characters as `\\"`, `\\\\`, `\\xHH`). A format starting
                    with `{` is a JSON template: values are escaped as JSON string content instead.
                    `json` alone logs one JSON object with every atom."""));

    public static final Setting<String> ERRORLOG = declare(Setting.builder("errorlog", ValueType.STRING)
            .section(Section.LOGGING).cli("--log-file", "--error-logfile").metavar("FILE")
            .defaultValue("-")
            .summary("Where the error log goes: a file, or - for stderr.")
            .description("""
                    The `gateway` loggers and everything else logged through slf4j. A file is opened
                    for appending and reopened on SIGUSR1."""));

    // ---- Metrics -----------------------------------------------------------------------------------

    public static final Setting<String> STATSD_HOST = declare(Setting.builder("statsd_host", ValueType.STRING)
            .section(Section.METRICS).cli("--statsd-host").metavar("HOST:PORT")
            .defaultValue("").validator(Settings::checkStatsdHost)
            .summary("Send StatsD metrics over UDP to HOST:PORT; unset means none.")
            .description("""
                    Gunicorn's metrics under the `gateway.` namespace: `gateway.requests` (counter),
                    `gateway.request.duration` (timer, ms), `gateway.request.status.CODE` (counter),
                    `gateway.workers` (gauge), `gateway.log.critical|error|warning|exception`
                    (counters). Datagrams are sent without waiting; a missing collector costs
                    nothing but lost datagrams."""));

    public static final Setting<String> STATSD_PREFIX = declare(Setting.builder("statsd_prefix", ValueType.STRING)
            .section(Section.METRICS).cli("--statsd-prefix").metavar("PREFIX")
            .defaultValue("")
            .summary("A prefix for every metric name (a dot is added when missing).")
            .description("""
                    With `--statsd-prefix app`, requests are counted as `app.gateway.requests`."""));

    public static final Setting<String> DOGSTATSD_TAGS = declare(Setting.builder("dogstatsd_tags", ValueType.STRING)
            .section(Section.METRICS).cli("--dogstatsd-tags").metavar("TAGS")
            .defaultValue("").validator(Settings::checkDogstatsdTags)
            .summary("Datadog (DogStatsD) tags added to every metric: comma-separated, e.g. env:prod,app:shop.")
            .description("""
                    Each metric line ends with `|#` and the tags, as Gunicorn's `--dogstatsd-tags` does,
                    for a DogStatsD collector (the Datadog agent). A plain StatsD collector may refuse
                    such lines: leave this unset for one."""));

    // ---- Server mechanics --------------------------------------------------------------------------

    public static final Setting<String> HOOKS = declare(Setting.builder("hooks", ValueType.STRING)
            .section(Section.SERVER_MECHANICS).cli("--hooks").metavar("CLASS")
            .defaultValue("")
            .summary("A class implementing dev.gateway.server.hooks.ServerHooks.")
            .description("""
                    Loaded from `classpath` with its public no-arg constructor; its methods are called
                    at fixed points of the server's life (on_starting, when_ready, pre_fork,
                    post_fork, worker_exit, pre_request, post_request, nworkers_changed, on_exit).
                    See docs/architecture.md."""));

    public static final Setting<String> CHDIR = declare(Setting.builder("chdir", ValueType.STRING)
            .section(Section.SERVER_MECHANICS).cli("--chdir").metavar("DIR")
            .defaultValue(".").validator(Validator.existingDirectory())
            .summary("The folder relative class path entries are resolved against.")
            .description("""
                    Gunicorn changes into this folder before loading the application. A running JVM
                    cannot change its working directory, so here it is the base of relative
                    `classpath` entries only; files the application opens by relative path still
                    resolve against the folder the server was started in."""));

    public static final Setting<String> HEALTH_PATH = declare(Setting.builder("health_path", ValueType.STRING)
            .section(Section.SERVER_MECHANICS).cli("--health-path").metavar("PATH")
            .defaultValue("").validator(value -> value.isEmpty() || value.startsWith("/") ? null : "must start with /")
            .summary("A readiness path the server answers itself (e.g. /-/ready); unset means none.")
            .description("""
                    A `GET` or `HEAD` of exactly this path is answered on the connection's event loop,
                    before any worker: `200 OK` while serving, `503 Service Unavailable` once a graceful
                    stop began. Busy or hung workers cannot delay it, so it tells a load balancer or
                    Kubernetes readiness probe whether the server can take connections, not whether
                    the application is healthy. Gateway-specific."""));

    // ---- Live operation: control socket, Prometheus metrics, development reload -------------------

    public static final Setting<String> CONTROL_SOCKET = declare(Setting.builder("control_socket", ValueType.STRING)
            .section(Section.SERVER_MECHANICS).cli("--control-socket").metavar("PATH")
            .defaultValue("")
            .summary("The master's control socket, for `gateway ctl`; `off` (or `--no-control-socket`) means none.")
            .description("""
                    A Unix socket on which `gateway ctl` shows the workers, the request statistics, the
                    settings and the listeners, and adds, removes or kills workers, reloads, reopens
                    the log files and stops the server (docs/deployment.md, "Control socket"). Unset,
                    it is `$XDG_RUNTIME_DIR/gateway.ctl`, or `~/.gateway/gateway.ctl` without that
                    variable, as Gunicorn's `gunicorn.ctl`; when another live server answers there,
                    this one runs without a control socket (give each server its own path).
                    Only the server's user and root may use it (its file mode and the peer's
                    credentials). The command line opens it; the embedding API does not."""));

    public static final Setting<Integer> CONTROL_SOCKET_MODE = declare(Setting.builder("control_socket_mode", OCTAL_MASK)
            .section(Section.SERVER_MECHANICS).cli("--control-socket-mode").metavar("MODE")
            .defaultValue(0600)
            .summary("The file mode of the control socket, in octal.")
            .description("""
                    Connecting to a Unix socket needs write permission on its file; the default 0600
                    lets only the server's user in. A wider mode still lets only that user and root
                    through: the server checks each client's credentials."""));

    public static final Setting<String> METRICS_BIND = declare(Setting.builder("metrics_bind", ValueType.STRING)
            .section(Section.METRICS).cli("--metrics-bind").metavar("HOST:PORT")
            .defaultValue("").validator(Settings::checkMetricsBind)
            .summary("Serve Prometheus metrics at http://HOST:PORT/metrics; unset means none.")
            .description("""
                    Its own listener, in the master, never one of the application's: the request
                    counters by status class and by method, the request duration histogram, requests
                    in flight, open connections, bytes sent, workers and worker exits, summed over
                    every worker (process workers included, and the ones already replaced), and the
                    master JVM's memory, GC and thread metrics. Keep it on loopback or a private
                    network: it has no authentication. docs/deployment.md, "Prometheus metrics"."""));

    public static final Setting<Boolean> RELOAD = declare(Setting.builder("reload", ValueType.BOOLEAN)
            .section(Section.SERVER_MECHANICS).cli("--reload")
            .defaultValue(false)
            .summary("Development: start new workers on the new classes when the class path or config file changes.")
            .description("""
                    Watches every `classpath` folder (recursively) and jar, the config file and
                    `reload_extra_files`; a change (after 300 ms of quiet) reloads as HUP does: the
                    configuration and the application are loaded again, a new generation of workers
                    starts, the old one is retired, the listeners stay. A class that does not load
                    leaves the running workers serving, with the error logged once. For development
                    only: watching costs a thread and inotify watches."""));

    public static final Setting<List<String>> RELOAD_EXTRA_FILES = declare(Setting.builder("reload_extra_files", ValueType.STRING_LIST)
            .section(Section.SERVER_MECHANICS).cli("--reload-extra-file").metavar("FILE")
            .defaultValue(List.of())
            .summary("More files or folders `--reload` watches; repeat for several.")
            .description("""
                    Resources the application reads at start (templates, a properties file) whose
                    change should reload it too. Only with `reload`."""));

    // ---- Helpers of the declarations above ---------------------------------------------------------

    /** {@code PORT=8080} means {@code bind = 0.0.0.0:8080}, as in Gunicorn. */
    private static String bindForPort(String port) {
        try {
            int number = Integer.parseInt(port.trim());
            if (number >= 0 && number <= 65535) {
                return "0.0.0.0:" + number;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("is not a port number (0-65535)");
    }

    /** Each entry is {@code *} or an origin as browsers send it: {@code scheme://host[:port]} (RFC 6454 section 6.2). */
    private static String checkOrigins(List<String> origins) {
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/\\s?#]+")) {
                return "has a bad entry: '" + origin + "' is not an origin (scheme://host[:port]) or *";
            }
        }
        return null;
    }

    /** {@code h1} and {@code h2}, each at most once. */
    private static String checkHttpProtocols(List<String> protocols) {
        if (protocols.isEmpty()) {
            return "must name h1, h2 or both";
        }
        for (String protocol : protocols) {
            if (!protocol.equals("h1") && !protocol.equals("h2")) {
                return "has '" + protocol + "', which is not h1 or h2";
            }
        }
        return protocols.stream().distinct().count() == protocols.size() ? null : "names a protocol twice";
    }

    /** Every address must parse; the reason is BindAddress's, without its own "invalid value" prefix. */
    private static String checkBind(List<String> addresses) {
        if (addresses.isEmpty()) {
            return "must name at least one address";
        }
        for (String address : addresses) {
            try {
                BindAddress.parse(address);
            } catch (ConfigException e) {
                return "has a bad address: " + e.getMessage().replaceFirst("^invalid value for --bind: ", "");
            }
        }
        return null;
    }

    private static String checkSecureSchemeHeaders(List<String> items) {
        try {
            HeaderValues.secureSchemeHeaders(items);
            return null;
        } catch (IllegalArgumentException e) {
            return "has a bad item: " + e.getMessage();
        }
    }

    private static String checkForwarderHeaders(List<String> names) {
        try {
            HeaderValues.forwarderHeaders(names);
            return null;
        } catch (IllegalArgumentException e) {
            return "has a bad item: " + e.getMessage();
        }
    }

    /** docs/spec.md ENV-5: empty, or a path that starts with {@code /} and does not end with it. */
    private static String checkScriptName(String value) {
        return value.isEmpty() || (value.startsWith("/") && !value.endsWith("/")) ? null : "must start with / and not end with /";
    }

    /** Tags are printable ASCII without spaces, and without the protocol's separators {@code |} and {@code #}. */
    private static String checkDogstatsdTags(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~' || c == '|' || c == '#') {
                return "must be comma-separated tags of printable ASCII, without spaces, | or #";
            }
        }
        return null;
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}; empty for none. */
    private static String checkMetricsBind(String value) {
        return value.isEmpty() || value.matches("(\\[[0-9A-Fa-f:.]+\\]|[^\\[\\]:]+):\\d{1,5}")
                && Integer.parseInt(value.substring(value.lastIndexOf(':') + 1)) <= 65535 ? null : "is not HOST:PORT";
    }

    /** {@code HOST:PORT}, as Gunicorn's statsd_host; empty for none. */
    private static String checkStatsdHost(String value) {
        if (value.isEmpty()) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (colon > 0 && port > 0 && port <= 65535) {
                return null;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return "is not HOST:PORT";
    }
}
