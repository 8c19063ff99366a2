package dev.gateway.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.LogRecorder;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.testapps.Upload;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Resource limits: {@code limit_request_body} answers 413 for a declared or a growing body past it,
 * and {@code max_connections} answers 503 past the cap (logged once, not once per refusal) and lets
 * clients in again once connections close.
 */
class LimitsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

    /** Reads the whole body (the Upload app), counting its calls. */
    private static Application countingUpload(AtomicInteger calls) {
        Application upload = new Upload();
        return (environ, start) -> {
            calls.incrementAndGet();
            return upload.call(environ, start);
        };
    }

    private static void assertRefusedAndClosed(RawClient client, int status) throws IOException {
        RawResponse response = client.read();
        assertEquals(status, response.status());
        assertEquals("close", response.header("Connection"));
        assertTrue(client.closedByPeer(), "the connection must close after " + status);
    }

    @Test
    void declaredContentLengthPastTheLimitIs413WithoutCallingTheApp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RunningGateway gateway = Gateway.builder(countingUpload(calls)).set(Settings.LIMIT_REQUEST_BODY, 10).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                // Expect: 100-continue must not be honoured: the first line back is the 413.
                client.send("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
                assertRefusedAndClosed(client, 413);
            }
            assertEquals(0, calls.get());
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse ok = client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789").read();
                assertEquals(200, ok.status());
                assertTrue(ok.text().contains("\"bytes\": 10"), ok.text());
            }
        }
    }

    @Test
    void chunkedBodyGrowingPastTheLimitFailsTheReadWith413() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RunningGateway gateway = Gateway.builder(countingUpload(calls)).set(Settings.LIMIT_REQUEST_BODY, 10).start()) {
            try (RawClient client = new RawClient(gateway.port())) {
                client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n5\r\nworld\r\n5\r\nextra\r\n0\r\n\r\n");
                assertRefusedAndClosed(client, 413);
            }
            assertEquals(1, calls.get());
            try (RawClient client = new RawClient(gateway.port())) {
                RawResponse ok = client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n").read();
                assertEquals(200, ok.status());
                assertTrue(ok.text().contains("\"bytes\": 10"), ok.text());
            }
        }
    }

    @Test
    void connectionsPastTheCapGet503AndServiceResumesWhenOneCloses() throws Exception {
        Application hello = new dev.gateway.testapps.Hello();
        List<RawClient> held = new ArrayList<>();
        try (LogRecorder log = new LogRecorder(LoggerNames.ERROR);
             RunningGateway gateway = Gateway.builder(hello).set(Settings.MAX_CONNECTIONS, 2)
                     .set(Settings.KEEPALIVE, 60).start()) {
            try {
                for (int i = 0; i < 2; i++) {
                    RawClient client = new RawClient(gateway.port());
                    held.add(client);
                    assertEquals(200, client.send(GET).read().status());
                }
                int refusals = 10;
                for (int i = 0; i < refusals; i++) {
                    try (RawClient extra = new RawClient(gateway.port())) {
                        assertRefusedAndClosed(extra.send(GET), 503);
                    }
                }
                long logged = log.lines().stream().filter(l -> l.message().contains("max_connections")).count();
                assertTrue(logged >= 1 && logged < refusals, "refusals are logged at most once a second: " + logged);
                // The held connections are still served.
                assertEquals(200, held.get(0).send(GET).read().status());
                held.remove(1).close();
                assertEquals(200, awaitAdmitted(gateway.port()));
            } finally {
                for (RawClient client : held) {
                    client.close();
                }
            }
        }
    }

    /** The status a new connection gets once the server has noticed a close (which takes a moment). */
    private static int awaitAdmitted(int port) {
        AtomicInteger status = new AtomicInteger();
        Await.until(Duration.ofSeconds(10), "a new connection to get past max_connections after a close", () -> {
            try (RawClient client = new RawClient(port)) {
                status.set(client.send(GET).read().status());
            }
            return status.get() != 503;
        });
        return status.get();
    }
}
