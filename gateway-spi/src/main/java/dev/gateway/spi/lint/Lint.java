package dev.gateway.spi.lint;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A middleware that checks both sides of every call against the rules of docs/spec.md, as
 * {@code wsgiref.validate} and {@code Rack::Lint} do: the environ and {@code gateway.input} the server
 * provides, the {@code start()} arguments, headers, {@code write()} calls and body the application
 * produces, and the server's iteration and {@code close()} of that body.
 *
 * <p>A broken rule throws a {@link LintError} whose message starts with the rule's id
 * ({@code "START-1: ..."}) at the moment it is seen, and is also recorded: an application or server
 * that catches the error cannot hide it from {@link #violations()} or {@link #verify()}. Whether
 * every body was closed can only be known afterwards: {@link #openBodies()} and {@link #verify()}
 * tell.
 *
 * <p>Put it where the contract is to be checked: outermost, to check a server and a whole stack;
 * directly around an application, with a middleware of your own outside it, to check that the
 * middleware closes the bodies it wraps. The {@code dev.gateway.spi.testing.TestClient} wraps its
 * application in a Lint by default.
 *
 * <p>What Lint does not change: a body that is a {@link java.util.Collection} is returned as a
 * {@code Collection} of the same size (so a server still sends a one-chunk body with
 * {@code Content-Length}), and a {@link dev.gateway.spi.FileBody} is returned as it is, after the
 * checks that can be made up front (so a server still sends it with zero copy); Lint therefore cannot
 * see the iteration or the {@code close()} of a FileBody.
 *
 * <pre>{@code
 * Lint lint = new Lint(new MyApp());
 * try (RunningGateway gateway = Gateway.builder(lint).start()) {
 *     ... requests ...
 * }
 * lint.verify();   // no rule broken, every body closed
 * }</pre>
 */
public final class Lint extends Middleware {

    private final List<LintError> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger openBodies = new AtomicInteger();
    private final AtomicInteger runningCalls = new AtomicInteger();
    private final LintLifecycle lifecycle = new LintLifecycle(this);

    /** Checks every call to {@code next} and every call it makes back. */
    public Lint(Application next) {
        super(next);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        lifecycle.checkCall();
        runningCalls.incrementAndGet();
        try {
            return checkedCall(environ, startResponse);
        } finally {
            runningCalls.decrementAndGet();
        }
    }

    /** Lint itself never blocks: it declares what the wrapped application declares (THREAD-2). */
    @Override
    public boolean nonBlocking() {
        return next().nonBlocking();
    }

    /** Checks the lifecycle rules (LIFE-1, LIFE-2), then starts the wrapped application. */
    @Override
    public void startup() throws Exception {
        lifecycle.starting();
        try {
            super.startup();
        } catch (Exception | Error e) {
            lifecycle.failed();
            throw e;
        }
        lifecycle.started();
    }

    /** Checks the lifecycle rules (LIFE-2, LIFE-3), then stops the wrapped application. */
    @Override
    public void shutdown() throws Exception {
        lifecycle.stopping(runningCalls.get(), openBodies.get());
        super.shutdown();
    }

    private Iterable<byte[]> checkedCall(Environ environ, StartResponse startResponse) throws Exception {
        EnvironCheck.check(this, environ);
        LintCall call = new LintCall(this, environ);
        environ.put(EnvironKeys.INPUT, new LintInput(this, environ.input(), environ.contentLength()));
        environ.put(EnvironKeys.ERRORS, new LintErrors(this, environ.errors()));
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
        if (upgrade != null) {
            environ.put(EnvironKeys.WEBSOCKET, new LintWebSocketUpgrade(this, call, upgrade));
        }
        Iterable<byte[]> body;
        long start = System.nanoTime();
        try {
            body = next().call(environ, new LintStartResponse(this, call, startResponse));
        } finally {
            call.markReturned();
        }
        long took = System.nanoTime() - start;
        if (body == null) {
            throw fail(Rule.BODY_1, "the application returned null; return Body.empty() for no body");
        }
        try {
            call.checkNotSwallowed("call()");
            checkNonBlocking(took);
        } catch (LintError e) {
            if (body instanceof AutoCloseable closeable) {
                closeable.close(); // Lint is the server of the body it refuses
            }
            throw e;
        }
        return LintBody.wrap(this, call, body);
    }

    /** THREAD-2: a call of an application that declares itself non-blocking took no longer than the server allows. */
    private void checkNonBlocking(long tookNanos) {
        if (tookNanos > NON_BLOCKING_CALL_MILLIS * 1_000_000 && next().nonBlocking()) {
            throw fail(Rule.THREAD_2, "the application declares nonBlocking() but call() took "
                    + tookNanos / 1_000_000 + " ms (at most " + NON_BLOCKING_CALL_MILLIS + ")");
        }
    }

    /** Every violation seen so far, in order, including those the application or server caught. */
    public List<LintError> violations() {
        return List.copyOf(violations);
    }

    /**
     * Bodies this Lint returned whose {@code close()} has not been called yet. Zero once every
     * response is complete; a FileBody, returned unwrapped, is not counted.
     */
    public int openBodies() {
        return openBodies.get();
    }

    /**
     * Throws the first recorded violation, or a {@code BODY-5} error when a body returned by the
     * application was never closed. Call it once every response is complete.
     */
    public void verify() {
        if (!violations.isEmpty()) {
            throw violations.get(0);
        }
        int open = openBodies.get();
        if (open > 0) {
            throw fail(Rule.BODY_5, open + " response bod" + (open == 1 ? "y was" : "ies were") + " never closed");
        }
    }

    /** Records a violation and returns it for the caller to throw. */
    LintError fail(Rule rule, String detail) {
        LintError error = new LintError(rule, detail);
        violations.add(error);
        return error;
    }

    void bodyOpened() {
        openBodies.incrementAndGet();
    }

    void bodyClosed() {
        openBodies.decrementAndGet();
    }
}
