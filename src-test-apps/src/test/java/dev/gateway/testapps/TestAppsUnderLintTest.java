package dev.gateway.testapps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every test app but {@link Halt} (it halts the JVM) does what its Javadoc says, in process, with
 * every call checked by Lint (the {@link TestClient} default): the apps the server's tests rely on
 * keep the contract themselves.
 */
class TestAppsUnderLintTest {

    @Test
    void hello() throws Exception {
        TestResponse response = new TestClient(new Hello()).get("/any/path");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("13", response.header("Content-Length"));
        assertEquals("Hello, World!", response.text());
    }

    @Test
    void helloToHead() throws Exception {
        TestResponse response = new TestClient(new Hello()).send(TestRequest.head("/"));
        assertEquals("13", response.header("Content-Length"));
        assertEquals(0, response.body().length);
    }

    @Test
    void echoEnviron() throws Exception {
        TestRequest request = TestRequest.post("/echo/caf%C3%A9?a=1&b=%20")
                .header("Content-Type", "application/octet-stream")
                .header("X-Custom", "v")
                .body(new byte[] {0, 1, 2, (byte) 0xFF});
        TestResponse response = new TestClient(new EchoEnviron()).send(request);
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals(Integer.toString(response.body().length), response.header("Content-Length"));
        String json = response.text();
        assertTrue(json.contains("\"REQUEST_METHOD\":\"POST\""), json);
        // PATH_INFO holds the decoded bytes as chars: C3 A9 (UTF-8 for e-acute), escaped in the JSON.
        assertTrue(json.contains("\"PATH_INFO\":\"/echo/caf\\u00c3\\u00a9\""), json);
        assertTrue(json.contains("\"QUERY_STRING\":\"a=1&b=%20\""), json);
        assertTrue(json.contains("\"CONTENT_LENGTH\":\"4\""), json);
        assertTrue(json.contains("\"HTTP_X_CUSTOM\":\"v\""), json);
        assertTrue(json.contains("\"gateway.multithread\":true"), json);
        assertTrue(json.contains("\"body_base64\":\"" + Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xFF}) + "\""), json);
    }

    @Test
    void sleep() throws Exception {
        TestResponse response = new TestClient(new Sleep()).get("/?ms=10");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("slept 10 ms\n", response.text());
    }

    @Test
    void crashThrowsWithoutBreakingARule() {
        // The server turns this into a 500; the test client hands the exception to the test.
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new TestClient(new Crash()).get("/"));
        assertTrue(error.getMessage().startsWith("Crash:"), error.getMessage());
    }

    @Test
    void upload() throws Exception {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        TestResponse response = new TestClient(new Upload()).send(TestRequest.post("/upload").body(body));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals("{\"bytes\": 200000, \"sha256\": \"" + sha256 + "\"}", response.text());
        assertEquals("application/json", response.header("Content-Type"));
    }

    @Test
    void uploadOfNothing() throws Exception {
        TestResponse response = new TestClient(new Upload()).send(TestRequest.post("/upload"));
        assertTrue(response.text().startsWith("{\"bytes\": 0, "), response.text());
    }

    @Test
    void stream() throws Exception {
        TestResponse response = new TestClient(new Stream()).get("/?bytes=100000&chunk=7000");
        assertEquals(200, response.statusCode());
        assertNull(response.header("Content-Length"), "no length: the server frames it");
        byte[] expected = new byte[100_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) ('a' + i % 26);
        }
        assertArrayEquals(expected, response.body());
    }

    @Test
    void streamOverHttp10AndHead() throws Exception {
        TestClient client = new TestClient(new Stream());
        assertEquals(26, client.send(TestRequest.get("/?bytes=26&chunk=5").protocol("HTTP/1.0")).body().length);
        assertEquals(0, client.send(TestRequest.head("/?bytes=26")).body().length);
        assertEquals("", new String(client.get("/?bytes=0").body(), StandardCharsets.US_ASCII));
    }
}
