package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.testapps.Hello;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request side of the contract: 100-continue, gateway.input, unread bodies. */
class RequestBodyTest {

    /** Answers the body it read, and what two more reads past the end returned. */
    private static final Application READ_ALL = (environ, start) -> {
        InputStream input = environ.input();
        byte[] body = input.readAllBytes();
        String tail = input.read() + "," + input.read(new byte[4], 0, 4);
        start.start("200 OK", List.of(Header.of("X-Tail", tail)));
        return Body.of(body);
    };

    @Test
    void continueIsSentOnceBeforeTheBodyOnHttp11() throws Exception {
        try (RunningGateway gateway = Gateway.builder(READ_ALL).start(); RawClient client = new RawClient(gateway.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, client.read().status());
            RawResponse response = client.send("hello").read();
            assertEquals(200, response.status());
            assertEquals("hello", response.text());
        }
    }

    @Test
    void noContinueOnHttp10() throws Exception {
        try (RunningGateway gateway = Gateway.builder(READ_ALL).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello").read();
            assertEquals(200, response.status());
            assertEquals("hello", response.text());
        }
    }

    @Test
    void readsPastTheEndReturnMinusOne() throws Exception {
        try (RunningGateway gateway = Gateway.builder(READ_ALL).start(); RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").read();
            assertEquals("abc", response.text());
            assertEquals("-1,-1", response.header("X-Tail"));
        }
    }

    @Test
    void unreadBodyIsDrainedBeforeTheNextRequest() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).start(); RawClient client = new RawClient(gateway.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void largeUploadStreamsThrough() throws Exception {
        Application count = (environ, start) -> {
            long total = 0;
            byte[] buffer = new byte[65536];
            for (int n; (n = environ.input().read(buffer)) >= 0; ) {
                total += n;
            }
            start.start("200 OK", List.of());
            return Body.of(Long.toString(total));
        };
        long size = 64L << 20;
        try (RunningGateway gateway = Gateway.builder(count).start(); RawClient client = new RawClient(gateway.port())) {
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] block = new byte[1 << 20];
            for (long sent = 0; sent < size; sent += block.length) {
                client.send(block);
            }
            assertEquals(Long.toString(size), client.read().text());
        }
    }
}
