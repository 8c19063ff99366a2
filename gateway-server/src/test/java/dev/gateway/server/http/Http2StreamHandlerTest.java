package dev.gateway.server.http;

import static dev.gateway.server.support.RawHttp2Client.DATA;
import static dev.gateway.server.support.RawHttp2Client.END_STREAM;
import static dev.gateway.server.support.RawHttp2Client.HEADERS;
import static dev.gateway.server.support.RawHttp2Client.WINDOW_UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.RawHttp2Client;
import dev.gateway.server.support.RawHttp2Client.Frame;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stream's request body, frame by frame over cleartext prior knowledge: its limit and its window. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http2StreamHandlerTest {

    /** Reads the whole body and answers with its length. */
    private static final Application LENGTH = (environ, start) -> {
        int length = environ.input().readAllBytes().length;
        start.start("200 OK", List.of());
        return Body.of(Integer.toString(length));
    };

    private static RunningGateway h2c(Application app) {
        return Gateway.builder(app).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge").set(Settings.LIMIT_REQUEST_BODY, 1000).start();
    }

    @Test
    void aBodyPastTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Application counting = (environ, start) -> {
            calls.incrementAndGet();
            return LENGTH.call(environ, start);
        };
        try (RunningGateway gateway = h2c(counting); RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            client.frame(HEADERS, RawHttp2Client.END_HEADERS, 1,
                    client.block(RawHttp2Client.requestHeaders("POST", "/declared").add("content-length", "2000")));
            assertEquals("413", status(client, 1));
            assertEquals(0, calls.get(), "the application saw a body declared past the limit");

            client.request(3, "POST", "/undeclared", false);
            client.frame(DATA, 0, 3, new byte[800]);
            client.frame(DATA, END_STREAM, 3, new byte[800]);
            assertEquals("413", status(client, 3));

            client.request(5, "POST", "/small", false);
            client.frame(DATA, END_STREAM, 5, new byte[600]);
            assertEquals("200", status(client, 5));
            assertEquals("600", new String(client.body(5), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anApplicationThatDoesNotReadItsUploadKeepsTheStreamWindowClosed() throws Exception {
        CountDownLatch read = new CountDownLatch(1);
        Application slow = (environ, start) -> {
            try {
                read.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LENGTH.call(environ, start);
        };
        try (RunningGateway gateway = Gateway.builder(slow).set(Settings.HTTP2_CLEARTEXT, "prior-knowledge").start();
             RawHttp2Client client = new RawHttp2Client(gateway.port())) {
            client.request(1, "POST", "/upload", false);
            for (int i = 0; i < 3; i++) {
                client.frame(DATA, 0, 1, new byte[16384]);
            }
            client.socket().setSoTimeout(700);
            // RFC 9113 section 5.2: the window opens only as the application reads.
            assertThrows(SocketTimeoutException.class, () -> client.await(f -> f.type() == WINDOW_UPDATE && f.stream() == 1));
            client.socket().setSoTimeout(30_000);
            read.countDown();
            assertNotNull(client.await(f -> f.type() == WINDOW_UPDATE && f.stream() == 1), "the window stayed closed after the reads");
            client.frame(DATA, END_STREAM, 1, new byte[10]);
            assertEquals("200", status(client, 1));
            assertEquals(Integer.toString(3 * 16384 + 10), new String(client.body(1), StandardCharsets.US_ASCII));
        }
    }

    private static String status(RawHttp2Client client, int stream) throws Exception {
        Frame response = client.await(f -> f.type() == HEADERS && f.stream() == stream);
        assertNotNull(response, "no response on stream " + stream);
        return client.headers(response).get(":status");
    }
}
