package dev.gateway.server.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.config.Settings;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.spi.Header;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.testapps.EchoEnviron;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-process test client and the real server build the same environ for the same request: one
 * builder serves both. Only the facts of the connection (the peer's address and port) differ.
 */
class EnvironParityTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.builder(new EchoEnviron()).set(Settings.THREADS, 2).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<TestRequest> requests() {
        return Stream.of(
                TestRequest.get("/a%20b/c?x=1&y=%20").header("Host", "example.com:8080").header("X-A", "1").header("X-A", "2"),
                TestRequest.post("/upload").header("Host", "h").header("Content-Type", "text/plain").body("hello body"),
                TestRequest.get("/caf%C3%A9?q=%C3%A9").header("Host", "h").header("Accept", "*/*").header("X_Dropped", "yes"),
                TestRequest.of("DELETE", "/items/7").header("Host", "[::1]:9000").header("Cookie", "a=1"),
                TestRequest.get("/old").protocol("HTTP/1.0"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void sameEnvironInProcessAndOverTheWire(TestRequest request) throws Exception {
        Map<String, Object> inProcess = JsonTree.parseObject(new TestClient(new EchoEnviron()).send(request).text());
        Map<String, Object> overTheWire = JsonTree.parseObject(overTheWire(request));
        assertEquals(withoutPeer(inProcess), withoutPeer(overTheWire));
    }

    @Test
    void underAScriptNameBothMountTheApplicationThereAndAnswer404OutsideOnAConnectionThatStaysOpen() throws Exception {
        try (RunningGateway mounted = Gateway.builder(new EchoEnviron()).set(Settings.SCRIPT_NAME, "/app").set(Settings.THREADS, 2).start();
             RawClient client = new RawClient(mounted.port())) {
            TestClient inProcess = new TestClient(new EchoEnviron()).scriptName("/app");
            TestRequest under = TestRequest.get("/app/a%20b?x=1").header("Host", "h");
            Map<String, Object> wire = JsonTree.parseObject(client.send("GET /app/a%20b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n").read().text());
            assertEquals("/app", wire.get("SCRIPT_NAME"));
            assertEquals("/a b", wire.get("PATH_INFO"));
            assertEquals(withoutPeer(JsonTree.parseObject(inProcess.send(under).text())), withoutPeer(wire));

            RawResponse outside = client.send("GET /other HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertEquals(404, outside.status());
            assertEquals("Not Found\n", outside.text());
            assertEquals(404, inProcess.send(TestRequest.get("/other").header("Host", "h")).statusCode());
            assertEquals(200, client.send("GET /app HTTP/1.1\r\nHost: h\r\n\r\n").read().status(), "the connection stays usable");
        }
    }

    private static String overTheWire(TestRequest request) throws Exception {
        StringBuilder raw = new StringBuilder(request.method() + " " + request.target() + " " + request.protocol() + "\r\n");
        for (Header header : request.headers()) {
            raw.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (request.body().length > 0) {
            raw.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        raw.append("\r\n").append(new String(request.body(), StandardCharsets.ISO_8859_1));
        try (RawClient client = new RawClient(gateway.port())) {
            return client.send(raw.toString()).read().text();
        }
    }

    /** The peer's and the local address and port are facts of the connection, not of the request. */
    private static Map<String, Object> withoutPeer(Map<String, Object> environ) {
        Map<String, Object> copy = new TreeMap<>(environ);
        copy.remove("REMOTE_ADDR");
        copy.remove("REMOTE_PORT");
        copy.remove("gateway.local_addr");
        copy.remove("gateway.local_port");
        if (!environ.containsKey("HTTP_HOST")) {
            copy.remove("SERVER_NAME");
            copy.remove("SERVER_PORT");
        }
        return copy;
    }
}
