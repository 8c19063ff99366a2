package dev.gateway.conformance;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.BodyWriter;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applications that probe one rule of the contract each, by the first segment of their path. Every
 * body they return counts its {@code close()} calls under the request's {@code id} query parameter,
 * so a test can tell that each response was closed exactly once, whatever happened to it.
 */
final class Probes implements Application {

    /** close() calls by request id. */
    final ConcurrentHashMap<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    /** Released by a test once it received the first chunk of {@code /probe/gate}. */
    volatile CountDownLatch gate = new CountDownLatch(1);
    /** Requests of {@code /probe/together} wait here until {@link #together} of them are inside call() at once. */
    volatile CyclicBarrier barrier = new CyclicBarrier(1);

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse start) throws Exception {
        String id = query(environ, "id");
        String path = environ.pathInfo();
        String what = path.length() > 1 ? path.substring(1).split("/")[0] : "";
        Iterable<byte[]> body = switch (what) {
            case "status" -> status(environ, start);
            case "chunks" -> chunks(environ, start);
            case "fail-before" -> throw new IllegalStateException("fails before the head (on purpose)");
            case "fail-in-body" -> failing(start, 0);
            case "fail-after" -> failing(start, 1);
            case "late-start" -> lateStart(start);
            case "excinfo" -> excInfo(start);
            case "write" -> write(start);
            case "gate" -> gated(start);
            case "together" -> together(start);
            case "short" -> withLength(start, "5", "abc");
            case "long" -> withLength(start, "3", "abcdef");
            case "empty" -> {
                start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
                yield Body.empty();
            }
            default -> {
                start.start("404 Not Found", List.of(Header.of("Content-Type", "text/plain")));
                yield Body.of("no probe " + what + "\n");
            }
        };
        return id == null ? body : Body.onClose(body, () -> closes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
    }

    /** {@code /status?code=201&reason=Made+It}: that status, with a custom header, and a short body (none for 204 and 304). */
    private static Iterable<byte[]> status(Environ environ, StartResponse start) {
        String code = query(environ, "code");
        String reason = query(environ, "reason");
        start.start(code + " " + (reason == null ? "Custom" : reason.replace('+', ' ')),
                List.of(Header.of("Content-Type", "text/plain"), Header.of("X-Probe", "a, b"), Header.of("X-Probe", "c")));
        return code.equals("204") || code.equals("304") ? Body.empty() : Body.of("status " + code + "\n");
    }

    /** {@code /chunks?n=N&size=S}: N chunks of S bytes, made as they are asked for, with no length (so: chunked). */
    private static Iterable<byte[]> chunks(Environ environ, StartResponse start) {
        long n = Long.parseLong(query(environ, "n"));
        int size = Integer.parseInt(query(environ, "size"));
        start.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
        return () -> new Iterator<>() {
            private long made;

            @Override
            public boolean hasNext() {
                return made < n;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                made++;
                return new byte[size];
            }
        };
    }

    /** Fails in the body's iterator after {@code good} chunks: before the head when 0, after it otherwise. */
    private static Iterable<byte[]> failing(StartResponse start, int good) {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (n++ >= good) {
                    throw new IllegalStateException("fails in the body (on purpose)");
                }
                return "partial".getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    /** start() is called while the body is iterated, before its first chunk (START-4 allows it). */
    private static Iterable<byte[]> lateStart(StartResponse start) {
        return () -> new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public byte[] next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                done = true;
                start.start("202 Accepted", List.of(Header.of("Content-Type", "text/plain")));
                return "late\n".getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    /** A failure turned into an error page with start(excInfo) before the head went out (START-3). */
    private static Iterable<byte[]> excInfo(StartResponse start) {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        try {
            throw new IllegalStateException("the work failed");
        } catch (IllegalStateException e) {
            start.start("503 Service Unavailable", List.of(Header.of("Content-Type", "text/plain"), Header.of("Retry-After", "1")), e);
            return Body.of("try again\n");
        }
    }

    /** The legacy write callable, then a returned body: both reach the client, in order. */
    private static Iterable<byte[]> write(StartResponse start) throws Exception {
        BodyWriter writer = start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        writer.write("written ".getBytes(StandardCharsets.US_ASCII));
        writer.write(new byte[0]);
        return lazyOf("then ", "returned");
    }

    /** Sends one chunk, then waits until the test saw it: proof that each chunk is sent as it comes. */
    private Iterable<byte[]> gated(StartResponse start) {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        CountDownLatch latch = gate;
        return () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return n < 2;
            }

            @Override
            public byte[] next() {
                if (n++ == 0) {
                    return "first\n".getBytes(StandardCharsets.US_ASCII);
                }
                try {
                    if (!latch.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the client never saw the first chunk");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return "second\n".getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    /** Waits inside call() until the barrier's number of requests are there at once: proof of concurrency. */
    private Iterable<byte[]> together(StartResponse start) throws InterruptedException, BrokenBarrierException, TimeoutException {
        int arrival = barrier.await(10, TimeUnit.SECONDS);
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("together " + arrival + "\n");
    }

    private static Iterable<byte[]> withLength(StartResponse start, String length, String text) {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain"), Header.of("Content-Length", length)));
        return lazyOf(text);
    }

    private static Iterable<byte[]> lazyOf(String... texts) {
        List<byte[]> chunks = new ArrayList<>();
        for (String text : texts) {
            chunks.add(text.getBytes(StandardCharsets.US_ASCII));
        }
        return chunks::iterator;
    }

    /** The raw value of {@code name} in the query string, or null. */
    static String query(Environ environ, String name) {
        for (String pair : environ.queryString().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
