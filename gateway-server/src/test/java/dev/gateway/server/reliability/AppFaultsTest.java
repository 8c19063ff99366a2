package dev.gateway.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.LogRecorder;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An application's faults stay inside the request that caused them: each is logged once with the
 * request named, the client gets the right status or a close, {@code close()} is still called once,
 * and the next request is served.
 */
class AppFaultsTest {

    private static final String GET = "GET %s HTTP/1.1\r\nHost: h\r\n\r\n";

    /** Hang guard for each wait on the server's reaction. */
    private static final Duration GUARD = Duration.ofSeconds(10);

    /** A body whose iterator is given, recording close() calls. */
    private static Body.CloseableBody body(Iterator<byte[]> chunks, AtomicInteger closes) {
        return Body.onClose(() -> chunks, closes::incrementAndGet);
    }

    /** Waits until close() was called {@code expected} times, then checks it was not called more often. */
    private static void awaitCount(AtomicInteger counter, int expected) {
        Await.until(GUARD, "close() to be called " + expected + " time(s)", () -> counter.get() >= expected);
        assertEquals(expected, counter.get());
    }

    private static void assertStillServing(RunningGateway gateway) throws IOException {
        try (RawClient client = new RawClient(gateway.port())) {
            assertEquals(200, client.send(String.format(GET, "/ok")).read().status());
        }
    }

    private static Application faulty(AtomicInteger closes) {
        return (environ, start) -> {
            switch (environ.pathInfo()) {
                case "/iterator-throws" -> {
                    start.start("200 OK", List.of());
                    return body(List.of("first".getBytes(), "second".getBytes()).stream().map(b -> {
                        if (new String(b).equals("second")) {
                            throw new IllegalStateException("iterator failed midway (expected by the test)");
                        }
                        return b;
                    }).iterator(), closes);
                }
                case "/close-throws" -> {
                    start.start("200 OK", List.of());
                    return Body.onClose(List.of("done".getBytes()), () -> {
                        closes.incrementAndGet();
                        throw new IllegalStateException("close failed (expected by the test)");
                    });
                }
                case "/oom" -> throw new OutOfMemoryError("simulated out of memory (expected by the test)");
                default -> {
                    start.start("200 OK", List.of());
                    return Body.of("ok");
                }
            }
        };
    }

    @Test
    void iteratorFailingMidwayClosesTheConnectionAndIsLoggedOnce() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR);
             RunningGateway gateway = Gateway.builder(faulty(closes)).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                byte[] answer = client.send(String.format(GET, "/iterator-throws")).readToEnd();
                String text = new String(answer);
                assertTrue(text.startsWith("HTTP/1.1 200"), text);
                assertTrue(text.contains("first"));
                assertFalse(text.endsWith("0\r\n\r\n"), "the truncated response must not look complete");
            }
            awaitCount(closes, 1);
            assertEquals(1, log.errorsMentioning("/iterator-throws").size());
            assertStillServing(gateway);
        }
    }

    @Test
    void closeThatThrowsIsLoggedAndTheResponseStands() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR);
             RunningGateway gateway = Gateway.builder(faulty(closes)).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse response = client.send(String.format(GET, "/close-throws")).read();
                assertEquals("done", response.text());
            }
            awaitCount(closes, 1);
            Await.until(GUARD, "the failed close() to be logged", () -> !log.errorsMentioning("/close-throws").isEmpty());
            assertEquals(1, log.errorsMentioning("/close-throws").size());
            assertStillServing(gateway);
        }
    }

    @Test
    void outOfMemoryInARequestIsA500AndTheWorkerLives() throws Exception {
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR);
             RunningGateway gateway = Gateway.builder(faulty(new AtomicInteger())).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                assertEquals(500, client.send(String.format(GET, "/oom")).read().status());
            }
            assertEquals(1, log.errorsMentioning("/oom").size());
            assertStillServing(gateway);
        }
    }

    @Test
    void clientLeavingMidDownloadStopsTheIterationAndCloses() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Application endless = (environ, start) -> {
            start.start("200 OK", List.of());
            byte[] chunk = new byte[64 * 1024];
            return body(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    return chunk;
                }
            }, closes);
        };
        try (RunningGateway gateway = Gateway.builder(endless).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                assertEquals(200, client.send(String.format(GET, "/endless")).readHead().status()); // then leaves
            } catch (IOException e) {
                // the body never ends; the client gives up
            }
            awaitCount(closes, 1);
        }
    }

    @Test
    void clientLeavingMidUploadFailsTheReadAndCloses() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        Application reader = (environ, start) -> {
            InputStream in = environ.input();
            try {
                reading.countDown();
                in.readAllBytes();
            } catch (IOException e) {
                readFailure.set(e);
                throw e;
            }
            start.start("200 OK", List.of());
            return body(List.<byte[]>of().iterator(), closes);
        };
        try (RunningGateway gateway = Gateway.builder(reader).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                client.send("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(10_000));
                assertTrue(reading.await(5, TimeUnit.SECONDS));
            }
            Await.until(GUARD, "the application's read to fail", () -> readFailure.get() != null);
            assertTrue(readFailure.get() instanceof IOException, String.valueOf(readFailure.get()));
            assertStillServing(gateway);
        }
    }
}
