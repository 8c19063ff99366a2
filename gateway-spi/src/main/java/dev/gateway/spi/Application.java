package dev.gateway.spi;

/**
 * The application side of the gateway contract: the Java rendering of a PEP 3333 application callable.
 *
 * <p>The server calls {@link #call} once per request, on a worker thread, with a fresh
 * {@link Environ} and a fresh {@link StartResponse}; only an application that declares
 * {@link #nonBlocking()} may be called on a network event-loop thread. The application
 * must call {@code startResponse.start(status, headers)} before, or at the latest while, the server
 * iterates the returned body, and returns the response body: an {@link Iterable} of byte chunks.
 *
 * <p>Rules for the returned body (docs/spec.md, sections "Body and close()" and "Content-Length and
 * framing"; BODY-1 to BODY-7):
 * <ul>
 *   <li>The server iterates it once and sends every chunk unbuffered, in order. Empty chunks are
 *       allowed and sent as nothing; the status and headers go out with the first non-empty chunk
 *       (or at the end of an empty body), not at {@code start()}.</li>
 *   <li>If the body is {@link AutoCloseable}, the server calls {@code close()} exactly once when it is
 *       done with it: after success, after an error, and after the client went away.</li>
 *   <li>A {@link java.util.Collection} of at most one chunk has a known length: the server sends it
 *       with {@code Content-Length} when the application gave none.</li>
 *   <li>The server is done with a chunk's array once it asks for the next chunk, and once it closes
 *       the body: the application may refill one array for every chunk.</li>
 *   <li>A {@link FileBody} may be sent by the server with zero copy.</li>
 *   <li>{@code null} is not a body; return {@link Body#empty()}.</li>
 * </ul>
 *
 * <p>An exception thrown from {@code call} or from the body's iterator before the headers went out
 * becomes a {@code 500 Internal Server Error} (the stack trace goes to the error log, never to the
 * client); after the headers went out the server closes the connection. Either way the server
 * stays up.
 *
 * <p>Implementations must be safe to call from several threads at once unless the server is
 * configured with one worker thread ({@link EnvironKeys#MULTITHREAD} tells which). The server
 * iterates and closes the body on the thread that called {@code call} (THREAD-1).
 *
 * <p>An application that holds resources (a framework's context, a connection pool, a servlet
 * container) overrides {@link #startup()} and {@link #shutdown()}, the lifecycle ASGI calls lifespan:
 * the server calls {@code startup()} once before the first request reaches this instance and
 * {@code shutdown()} once after the last (docs/spec.md, "Lifecycle"; LIFE-1 to LIFE-4). Both do
 * nothing by default.
 *
 * <p>{@code dev.gateway.spi.testing.TestClient} calls an application in process, and
 * {@code dev.gateway.spi.lint.Lint} checks every rule of the contract.
 *
 * <pre>{@code
 * public final class Hello implements Application {
 *     public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
 *         startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
 *         return Body.of("Hello, World!");
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Application {

    /**
     * THREAD-2: how long one call of an application that declares {@link #nonBlocking()} may take, in
     * milliseconds (docs/spec.md, "Threads"). Lint checks it; gateway-server sends an application whose
     * call took longer back to its workers.
     */
    long NON_BLOCKING_CALL_MILLIS = 200;

    /**
     * Handles one request.
     *
     * @param environ       the request: CGI keys, {@code HTTP_*} headers and {@code gateway.*} keys
     * @param startResponse the callable that takes the status and headers
     * @return the response body, never {@code null}
     * @throws Exception any failure; the server answers 500 or closes the connection
     */
    Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception;

    /**
     * True when no {@link #call} of this application ever blocks: it does not sleep or wait for I/O
     * or for a lock held by slow code, and its body is in memory; so the server may call it on the
     * network thread that read the request, as Vert.x and Undertow answer on their I/O threads, and
     * save the hand-off to a worker thread and back (docs/spec.md, "Threads"; THREAD-2).
     *
     * <p>gateway-server then runs each request without a body on its event loop, and every other on
     * a worker. A call that blocks stalls every connection of that event loop; the server gives the
     * application back to its workers once one call took longer than {@link #NON_BLOCKING_CALL_MILLIS}. The request timeout
     * cannot interrupt a call on an event loop: a process worker stuck in one is replaced, an
     * in-JVM one only logs the stuck thread's stack. The default, {@code false}, is always safe; a
     * {@link Middleware} is blocking unless it overrides this.
     *
     * @return true when every call returns without blocking
     */
    default boolean nonBlocking() {
        return false;
    }

    /**
     * Prepares this instance to serve: the server calls it once, on a thread that may block, before
     * the first {@link #call} (LIFE-1). Each worker that has an instance of its own (a process worker)
     * starts its own; in-JVM workers share one instance per reload generation.
     *
     * @throws Exception the application cannot serve: the server never calls it (nor
     *                   {@link #shutdown()}), and the worker fails to boot, or a reload fails (LIFE-2)
     */
    default void startup() throws Exception {
    }

    /**
     * Releases what {@link #startup()} took: the server calls it once, after the last {@link #call}
     * returned and its body was closed, when the worker exits or its generation is replaced (LIFE-3);
     * no call follows it (LIFE-4). An exception is logged; the server goes on stopping.
     *
     * @throws Exception any failure, logged by the server
     */
    default void shutdown() throws Exception {
    }
}
