package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-request deadline of the in-JVM worker classes: a request past {@code timeout} is answered
 * 504 (or its connection closed once the response started), and the capacity it held is back at once,
 * even though its thread ignores the interrupt and goes on hanging.
 */
class RequestTimeoutTest {

    /** Hangs on {@code /hang} (deaf to interrupts) until released; {@code /stream} sends a chunk first. */
    private static final class Stubborn implements Application {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch hanging = new CountDownLatch(1);

        @Override
        public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse start) {
            String path = environ.pathInfo();
            if (path.equals("/hang")) {
                hangUntilReleased();
            }
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            if (path.equals("/stream")) {
                return () -> new java.util.Iterator<>() {
                    int sent;

                    @Override
                    public boolean hasNext() {
                        return sent < 2;
                    }

                    @Override
                    public byte[] next() {
                        if (sent++ == 1) {
                            hangUntilReleased();
                        }
                        return "chunk\n".getBytes(StandardCharsets.US_ASCII);
                    }
                };
            }
            return Body.of("ok");
        }

        private void hangUntilReleased() {
            hanging.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    // deaf to interrupts, like a thread stuck in native code
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void hungRequestGets504AndCapacityIsRestored(String workerClass) throws Exception {
        Stubborn app = new Stubborn();
        try (RunningGateway gateway = oneSlot(app, workerClass); RawClient hung = new RawClient(gateway.port())) {
            long start = System.nanoTime();
            RawResponse response = hung.timeout(10_000).send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n").read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(504, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(millis < 5_000, "answered after " + millis + " ms; timeout is 1 s (hang guard)");
            // The only slot is still held by the hanging thread; a new request must be served anyway.
            try (RawClient next = new RawClient(gateway.port())) {
                RawResponse ok = next.timeout(10_000).send("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, ok.status());
                assertEquals("ok", ok.text());
            }
        } finally {
            app.release.countDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void startedResponseIsCutOff(String workerClass) throws Exception {
        Stubborn app = new Stubborn();
        try (RunningGateway gateway = oneSlot(app, workerClass); RawClient client = new RawClient(gateway.port())) {
            String received = new String(client.timeout(10_000).send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd(),
                    StandardCharsets.ISO_8859_1);
            // The head was handed to the channel, so no 504 can replace it: the connection just ends,
            // before the end of the chunked body (what the client saw, if anything, is incomplete).
            assertTrue(!received.contains(" 504 ") && !received.endsWith("0\r\n\r\n"), received);
            assertTrue(client.closedByPeer(), "the connection must be closed, not left hanging");
        } finally {
            app.release.countDown();
        }
    }

    private static RunningGateway oneSlot(Application app, String workerClass) {
        return Gateway.builder(app)
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass))
                .set(Settings.WORKERS, 1)
                .set(Settings.THREADS, 1)
                .set(Settings.WORKER_CONNECTIONS, 1)
                .set(Settings.TIMEOUT, 1)
                .set(Settings.GRACEFUL_TIMEOUT, 1)
                .start();
    }
}
