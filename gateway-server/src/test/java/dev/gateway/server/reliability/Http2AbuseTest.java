package dev.gateway.server.reliability;

import static dev.gateway.server.support.RawHttp2Client.CONTINUATION;
import static dev.gateway.server.support.RawHttp2Client.DATA;
import static dev.gateway.server.support.RawHttp2Client.END_STREAM;
import static dev.gateway.server.support.RawHttp2Client.GOAWAY;
import static dev.gateway.server.support.RawHttp2Client.HEADERS;
import static dev.gateway.server.support.RawHttp2Client.PING;
import static dev.gateway.server.support.RawHttp2Client.RST_STREAM;
import static dev.gateway.server.support.RawHttp2Client.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.RawHttp2Client;
import dev.gateway.server.support.RawHttp2Client.Frame;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.testapps.Sleep;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The known abuses of HTTP/2, each sent frame by frame to a server on cleartext prior knowledge: the
 * connection that abuses ends (GOAWAY), the application never sees what it should not, and the server
 * goes on serving other connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2AbuseTest {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final Application COUNTING = (environ, start) -> {
        CALLS.incrementAndGet();
        environ.input().readAllBytes();
        start.start("200 OK", List.of());
        return Body.of("ok");
    };

    private static RunningGateway h2c(Application app) {
        return Gateway.builder(app).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge").start();
    }

    private static RunningGateway h2c(String app, int maxStreams) throws Exception {
        return Gateway.builder(app).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge").set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL)
                .set(Settings.HTTP2_MAX_CONCURRENT_STREAMS, maxStreams).start();
    }

    /** A fresh connection still gets an answer: the abuse ended only its own connection. */
    private static void stillServes(RunningGateway gateway) throws IOException {
        try (RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            client.request(1, "GET", "/after", true);
            Frame response = client.await(f -> f.type() == HEADERS && f.stream() == 1);
            assertNotNull(response, "no response on a fresh connection");
            assertEquals("200", client.headers(response).get(":status"));
        }
    }

    @Test
    void rapidResetEndsTheConnection() throws Exception {
        // CVE-2023-44487: open a stream and cancel it at once, again and again.
        try (RunningGateway gateway = h2c(COUNTING); RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            // One write: sent frame by frame, the server's GOAWAY and close could break the pipe
            // before the last reset is written, and the test would fail on the client's own write.
            ByteArrayOutputStream abuse = new ByteArrayOutputStream();
            byte[] cancel = {0, 0, 0, (byte) RawHttp2Client.CANCEL};
            for (int stream = 1; stream < 2 * 400; stream += 2) {
                byte[] block = client.block(RawHttp2Client.requestHeaders("GET", "/r"));
                abuse.writeBytes(RawHttp2Client.header(HEADERS, RawHttp2Client.END_HEADERS, stream, block.length));
                abuse.writeBytes(block);
                abuse.writeBytes(RawHttp2Client.header(RST_STREAM, 0, stream, cancel.length));
                abuse.writeBytes(cancel);
            }
            client.socket().getOutputStream().write(abuse.toByteArray());
            Frame goAway = client.await(f -> f.type() == GOAWAY);
            assertNotNull(goAway, "the connection ended without GOAWAY");
            assertEquals(RawHttp2Client.ENHANCE_YOUR_CALM, goAway.errorCode());
            assertNull(client.await(f -> false), "the connection stays open after GOAWAY");
            stillServes(gateway);
        }
    }

    @Test
    void aFloodOfTinyContinuationFramesEndsTheConnection() throws Exception {
        try (RunningGateway gateway = h2c(COUNTING); RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            CALLS.set(0);
            byte[] block = client.block(RawHttp2Client.requestHeaders("GET", "/c"));
            client.frame(HEADERS, END_STREAM, 1, block); // no END_HEADERS: CONTINUATION frames follow
            Frame goAway = null;
            try {
                for (int i = 0; i < 10_000 && goAway == null; i++) {
                    client.frame(CONTINUATION, 0, 1, new byte[0]);
                }
                goAway = client.await(f -> f.type() == GOAWAY);
            } catch (IOException e) {
                // the server closed while the flood was still being written
            }
            assertNull(client.await(f -> false), "the connection stays open");
            assertEquals(0, CALLS.get(), "the application saw the unfinished request");
            if (goAway != null) {
                assertTrue(goAway.errorCode() != RawHttp2Client.NO_ERROR, "GOAWAY " + goAway.errorCode());
            }
            stillServes(gateway);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {PING, SETTINGS})
    void aClientThatFloodsControlFramesAndReadsNothingIsCutOff(int type) throws Exception {
        // The server queues an ack per PING or SETTINGS; a client that never reads them would grow that
        // queue without bound.
        try (RunningGateway gateway = h2c(COUNTING); RawHttp2Client client = new RawHttp2Client(gateway.port(), 4096)) {
            int payload = type == PING ? 8 : 0;
            byte[] frame = new byte[9 + payload];
            System.arraycopy(RawHttp2Client.header(type, 0, 0, payload), 0, frame, 0, 9);
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                batch.writeBytes(frame);
            }
            byte[] frames = batch.toByteArray();
            OutputStream out = client.socket().getOutputStream();
            boolean cutOff = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            try {
                while (System.nanoTime() < deadline) {
                    out.write(frames);
                }
            } catch (IOException e) {
                cutOff = true;
            }
            assertTrue(cutOff, "the server kept acking a client that reads nothing for 40 s");
            stillServes(gateway);
        }
    }

    @Test
    void aClientThatNeverOpensItsWindowHoldsNoWorkerPastTheTimeout() throws Exception {
        // A slow-read attack: a large download to a client that never sends WINDOW_UPDATE. The stream
        // stalls after the first 64 KiB; the request's --timeout still applies and frees the one thread.
        try (RunningGateway gateway = Gateway.builder(new dev.gateway.testapps.Stream()).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge")
                .set(Settings.THREADS, 1).set(Settings.TIMEOUT, 2).start();
             RawHttp2Client stalled = new RawHttp2Client(gateway.port())) {
            stalled.request(1, "GET", "/?bytes=10000000", true);
            Frame reset = stalled.await(f -> f.type() == RST_STREAM && f.stream() == 1 || f.type() == GOAWAY);
            assertNotNull(reset, "the stalled stream was neither reset nor its connection ended");
            try (RawHttp2Client other = new RawHttp2Client(gateway.port())) {
                other.request(1, "GET", "/?bytes=10", true);
                Frame response = other.await(f -> f.type() == HEADERS && f.stream() == 1);
                assertNotNull(response, "the one worker thread stayed pinned by the stalled stream");
                assertEquals("200", other.headers(response).get(":status"));
            }
        }
    }

    @Test
    void aHeaderListThatDecompressesPastTheLimitIsRefusedBeforeTheApplication() throws Exception {
        // An HPACK bomb: one large field in the dynamic table, then a block referring to it many times.
        try (RunningGateway gateway = h2c(COUNTING); RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            CALLS.set(0);
            Http2Headers first = RawHttp2Client.requestHeaders("GET", "/seed").add("x-bomb", "b".repeat(4000));
            client.frame(HEADERS, RawHttp2Client.END_HEADERS | END_STREAM, 1, client.block(first));
            assertNotNull(client.await(f -> f.type() == HEADERS && f.stream() == 1));
            Http2Headers bomb = RawHttp2Client.requestHeaders("GET", "/bomb");
            for (int i = 0; i < 100; i++) {
                bomb.add("x-bomb", "b".repeat(4000));
            }
            byte[] block = client.block(bomb);
            assertTrue(block.length < 16384, "the bomb's block is small: " + block.length + " bytes");
            client.frame(HEADERS, RawHttp2Client.END_HEADERS | END_STREAM, 3, block);
            Frame answer = client.await(f -> f.stream() == 3 && (f.type() == RST_STREAM || f.type() == HEADERS) || f.type() == GOAWAY);
            if (answer != null && answer.type() == HEADERS) {
                assertEquals("431", client.headers(answer).get(":status"));
            }
            assertEquals(1, CALLS.get(), "the application saw the bomb");
            stillServes(gateway);
        }
    }

    @Test
    void aStreamBeyondTheConcurrencyLimitIsRefusedAndTheOthersFinish() throws Exception {
        try (RunningGateway gateway = h2c(Sleep.class.getName(), 2); RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            client.request(1, "GET", "/?ms=1500", true);
            client.request(3, "GET", "/?ms=1500", true);
            client.request(5, "GET", "/?ms=1500", true);
            Frame refused = client.await(f -> f.type() == RST_STREAM && f.stream() == 5);
            assertNotNull(refused);
            assertEquals(RawHttp2Client.REFUSED_STREAM, refused.errorCode());
            java.util.Map<Integer, String> statuses = new java.util.TreeMap<>();
            while (statuses.size() < 2) {
                Frame response = client.await(f -> f.type() == HEADERS);
                assertNotNull(response, "the connection ended with answers for " + statuses);
                statuses.put(response.stream(), client.headers(response).get(":status"));
            }
            assertEquals(java.util.Map.of(1, "200", 3, "200"), statuses);
        }
    }

    @Test
    void anIdleConnectionEndsAfterTheKeepAliveTimeoutAndASilentOneAfterTheHeaderTimeout() throws Exception {
        try (RunningGateway gateway = Gateway.builder(COUNTING).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge")
                .set(Settings.KEEPALIVE, 1).set(Settings.HEADER_TIMEOUT, 1).start()) {
            try (RawHttp2Client client = new RawHttp2Client(gateway.port())) {
                client.request(1, "GET", "/once", true);
                assertNotNull(client.await(f -> f.type() == HEADERS && f.stream() == 1));
                long start = System.nanoTime();
                Frame goAway = client.await(f -> f.type() == GOAWAY);
                assertNotNull(goAway, "an idle connection ended without GOAWAY");
                assertNull(client.await(f -> false));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waited < 5000, "closed after " + waited + " ms");
            }
            try (java.net.Socket silent = new java.net.Socket("127.0.0.1", gateway.port())) {
                silent.setSoTimeout(10_000);
                assertEquals(-1, silent.getInputStream().read(), "a connection that sends nothing is closed");
            }
        }
    }

    @Test
    void aGracefulStopSendsGoAwayAndLetsTheOpenStreamFinish() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Application slow = (environ, start) -> {
            running.countDown();
            Thread.sleep(1000);
            start.start("200 OK", List.of());
            return Body.of("done");
        };
        RunningGateway gateway = h2c(slow);
        try (RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            client.request(1, "GET", "/slow", true);
            assertTrue(running.await(10, TimeUnit.SECONDS), "the request did not reach the application");
            CompletableFuture<Void> stop = CompletableFuture.runAsync(gateway::close);
            Frame goAway = client.await(f -> f.type() == GOAWAY);
            assertNotNull(goAway, "no GOAWAY on a graceful stop");
            assertEquals(1, goAway.lastStreamId());
            Frame response = client.await(f -> f.type() == HEADERS && f.stream() == 1);
            assertNotNull(response, "the open stream was not answered");
            assertEquals("200", client.headers(response).get(":status"));
            Frame end = client.await(f -> f.type() == DATA && f.stream() == 1 && (f.flags() & END_STREAM) != 0);
            assertNotNull(end, "the open stream did not end");
            stop.get(30, TimeUnit.SECONDS);
        } finally {
            gateway.close();
        }
    }
}
