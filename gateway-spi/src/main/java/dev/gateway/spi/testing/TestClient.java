package dev.gateway.spi.testing;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Header;
import dev.gateway.spi.lint.Lint;
import dev.gateway.spi.server.ApplicationCall;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.OutsideScriptName;
import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.WebSocket;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls an {@link Application} in process, with no socket and no server, as a server would: the
 * environ comes from the server's own {@link EnvironBuilder}, {@code start()} is the server's own
 * {@link dev.gateway.spi.server.ResponseState}, the body is drained and then closed. By default the application is wrapped
 * in a fresh {@link Lint} for each request, so any broken rule of docs/spec.md, and a body left
 * unclosed by a middleware inside the application, fails the request with a
 * {@link dev.gateway.spi.lint.LintError}.
 *
 * <pre>{@code
 * TestClient client = new TestClient(new Hello());
 * TestResponse response = client.get("/hello?name=x");
 * assertEquals(200, response.statusCode());
 * assertEquals("Hello, World!", response.text());
 * }</pre>
 *
 * <p>Unlike the server, which answers 500, the client rethrows an exception from the application
 * (after closing the body), so the test sees the real failure. What it mirrors of the server's
 * framing: the headers count as sent at the first non-empty chunk or {@code write()} (so a
 * {@code start()} with {@code excInfo} before that replaces the status), a body is only accepted once
 * {@code start()} was called, HEAD, 204 and 304 responses have no body bytes, and a body longer than
 * the application's {@code Content-Length} is cut there (the server sends what was promised and
 * closes the connection). One client may serve several threads at once.
 *
 * <p>The application's lifecycle (docs/spec.md, "Lifecycle") runs when asked for, as a host would run
 * it: {@link #startup()} calls {@code application.startup()} once, {@link #close()} calls its
 * {@code shutdown()}. A client used without {@code startup()} never calls either.
 *
 * <pre>{@code
 * try (TestClient client = new TestClient(new ServletApp()).startup()) {
 *     assertEquals(200, client.get("/").statusCode());
 * }   // the application's shutdown() ran
 * }</pre>
 */
public final class TestClient implements AutoCloseable {

    private final Application application;
    private final boolean lint;
    private volatile String scriptName = "";
    private volatile String scheme = "http";
    /** {@code startup()} was called (it may have failed). */
    private boolean startupCalled;
    /** {@code startup()} returned and {@code shutdown()} is still to come. */
    private boolean running;

    /** A client for {@code application}, each request checked by {@link Lint}. */
    public TestClient(Application application) {
        this(application, true);
    }

    private TestClient(Application application, boolean lint) {
        this.application = Objects.requireNonNull(application, "application");
        this.lint = lint;
    }

    /** A client that does not wrap {@code application} in {@link Lint}: to see what the server would do with a broken one. */
    public static TestClient withoutLint(Application application) {
        return new TestClient(application, false);
    }

    /** Mounts the application at {@code scriptName} ({@code SCRIPT_NAME}), as the server's setting does. */
    public TestClient scriptName(String scriptName) {
        this.scriptName = Objects.requireNonNull(scriptName, "scriptName");
        return this;
    }

    /** Sets {@code gateway.url_scheme}: {@code http} (the default) or {@code https}. */
    public TestClient scheme(String scheme) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        return this;
    }

    /**
     * Starts the application ({@code application.startup()}) before the first request, as a worker does
     * when it boots; {@link #close()} then stops it.
     *
     * @return this client
     * @throws Exception what {@code startup()} threw
     * @throws IllegalStateException when called a second time, or after {@link #close()}
     */
    public synchronized TestClient startup() throws Exception {
        if (startupCalled) {
            throw new IllegalStateException("startup() runs once per client");
        }
        startupCalled = true;
        application.startup(); // when it throws, shutdown() is never called (LIFE-2)
        running = true;
        return this;
    }

    /**
     * Stops the application ({@code application.shutdown()}) if {@link #startup()} started it; does
     * nothing otherwise (a failed {@code startup()} included), and nothing the second time.
     *
     * @throws Exception what {@code shutdown()} threw
     */
    @Override
    public synchronized void close() throws Exception {
        startupCalled = true; // no startup() after close()
        if (running) {
            running = false;
            application.shutdown();
        }
    }

    /** Sends {@code GET target}. */
    public TestResponse get(String target) throws Exception {
        return send(TestRequest.get(target));
    }

    /**
     * Calls the application with {@code request} and returns its response.
     *
     * @throws Exception what the application threw, or a {@link dev.gateway.spi.lint.LintError}
     */
    public TestResponse send(TestRequest request) throws Exception {
        StringWriter errorLog = new StringWriter();
        EnvironBuilder builder = environ(request, new PrintWriter(errorLog, true));
        Environ environ = builder.build();
        // As the server: outside the script name, the server answers and the application is not called.
        Application called = builder.outsideScriptName() ? OutsideScriptName.INSTANCE : application;
        Lint checker = lint ? new Lint(called) : null;
        Application target = checker != null ? checker : called;
        ResponseCollector response = new ResponseCollector(request.method().equals("HEAD"));
        ApplicationCall.run(target, environ, response.state(), response);
        if (checker != null) {
            checker.verify();
        }
        return new TestResponse(response.state().status(), response.state().headers(), response.body(), errorLog.toString());
    }

    /**
     * Opens a WebSocket to the application: a {@code GET target} carrying the opening handshake
     * (RFC 6455 section 4.1) and {@code gateway.websocket}, run on a thread of its own, as a server runs
     * one call per socket. Returns once the application accepted the upgrade or answered without it.
     *
     * @param subprotocols offered in {@code Sec-WebSocket-Protocol}, in order of preference
     * @throws Exception what the application threw before accepting, or a {@link dev.gateway.spi.lint.LintError}
     */
    public TestWebSocket websocket(String target, String... subprotocols) throws Exception {
        TestRequest request = TestRequest.get(target);
        if (subprotocols.length > 0) {
            request.header("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        return websocket(request);
    }

    /** Opens a WebSocket with {@code request}; the handshake headers it lacks are added. */
    public TestWebSocket websocket(TestRequest request) throws Exception {
        addHandshake(request);
        StringWriter errorLog = new StringWriter();
        EnvironBuilder builder = environ(request, new PrintWriter(errorLog, true));
        Environ environ = builder.build();
        Application called = builder.outsideScriptName() ? OutsideScriptName.INSTANCE : application;
        Lint checker = lint ? new Lint(called) : null;
        ResponseCollector response = new ResponseCollector(false);
        List<String> offered = WebSocketRules.subprotocols(request.headers().stream()
                .filter(h -> h.name().equalsIgnoreCase("Sec-WebSocket-Protocol")).map(Header::value).toList());
        MemoryUpgrade upgrade = new MemoryUpgrade(offered, response.state());
        environ.put(EnvironKeys.WEBSOCKET, upgrade);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Application target = checker != null ? checker : called;
        // A platform thread: the contract is compiled for Java 17, which has no virtual threads.
        Thread socket = new Thread(() -> runSocket(target, environ, response, upgrade, checker, finished),
                "test-websocket " + request.target());
        socket.setDaemon(true);
        socket.start();
        CompletableFuture.anyOf(upgrade.accepted(), finished).handle((r, e) -> null).join();
        if (upgrade.accepted().isDone()) {
            return TestWebSocket.accepted(upgrade.accepted().join()[1], upgrade.headers(), finished);
        }
        TestWebSocket declined = TestWebSocket.declined(
                new TestResponse(response.state().status(), response.state().headers(), response.body(), errorLog.toString()), finished);
        declined.join(); // the application's failure, when it failed instead of answering
        return declined;
    }

    private static void addHandshake(TestRequest request) {
        if (request.header("Upgrade") == null) {
            request.header("Upgrade", "websocket");
        }
        if (request.header("Connection") == null) {
            request.header("Connection", "Upgrade");
        }
        if (request.header("Sec-WebSocket-Version") == null) {
            request.header("Sec-WebSocket-Version", "13");
        }
        if (request.header("Sec-WebSocket-Key") == null) {
            byte[] nonce = new byte[16];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
            request.header("Sec-WebSocket-Key", java.util.Base64.getEncoder().encodeToString(nonce));
        }
    }

    /**
     * The socket's call, on its own thread: as the server, a session still open when {@code call()}
     * returns is closed with 1000 (1011 when it threw); a declined upgrade's body is drained as usual.
     */
    private static void runSocket(Application target, Environ environ, ResponseCollector response, MemoryUpgrade upgrade,
                                  Lint checker, CompletableFuture<Void> finished) {
        Throwable failure = null;
        try {
            ApplicationCall.run(target, environ, response.state(), new SocketSink(response, upgrade));
        } catch (Throwable t) {
            failure = t;
        }
        if (upgrade.accepted().isDone()) {
            upgrade.accepted().join()[0].end(failure == null ? WebSocket.NORMAL_CLOSURE : WebSocket.INTERNAL_ERROR);
        }
        if (failure == null && checker != null) {
            try {
                checker.verify();
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (failure == null) {
            finished.complete(null);
        } else {
            finished.completeExceptionally(failure);
        }
    }

    /** A declined upgrade's response is collected as usual; an accepted one's body goes nowhere. */
    private record SocketSink(ResponseCollector response, MemoryUpgrade upgrade) implements ApplicationCall.Sink {
        @Override
        public boolean chunk(byte[] chunk) {
            return response.chunk(chunk);
        }

        @Override
        public void end() {
            response.end();
        }

        @Override
        public boolean upgraded() {
            return upgrade.accepted().isDone();
        }
    }

    /** The environ of {@code request}, ready to build, through the server's builder: one set of environ rules. */
    private EnvironBuilder environ(TestRequest request, PrintWriter errors) {
        EnvironBuilder builder = new EnvironBuilder()
                .requestLine(request.method(), request.target(), request.protocol());
        if (request.header("Host") == null && request.protocol().equals("HTTP/1.1")) {
            builder.header("Host", "localhost");
        }
        for (Header header : request.headers()) {
            builder.header(header.name(), header.value());
        }
        byte[] body = request.body();
        if (body.length > 0 && request.header("Content-Length") == null && request.header("Transfer-Encoding") == null) {
            builder.header("Content-Length", Integer.toString(body.length));
        }
        return builder.remote("127.0.0.1", 0)
                .local("localhost", scheme.equals("https") ? 443 : 80)
                .scheme(scheme)
                .scriptName(scriptName)
                .input(new ByteArrayInputStream(body))
                .errors(errors)
                .concurrency(true, false);
    }
}
