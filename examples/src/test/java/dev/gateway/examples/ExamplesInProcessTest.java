package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.examples.framework.MiniFramework;
import dev.gateway.examples.middleware.AccessTiming;
import dev.gateway.examples.middleware.MiddlewareChain;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.spi.lint.LintError;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example called in process through the test client: no socket, every rule checked by Lint. */
class ExamplesInProcessTest {

    @Test
    void hello() throws Exception {
        TestResponse response = new TestClient(new Hello()).get("/");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!\n", response.text());
    }

    @Test
    void environDump() throws Exception {
        TestResponse response = new TestClient(new EnvironDump()).get("/a%20b?x=<y>");
        assertTrue(response.text().contains("<th>PATH_INFO</th><td>/a b</td>"), response.text());
        assertTrue(response.text().contains("<th>QUERY_STRING</th><td>x=&lt;y&gt;</td>"));
    }

    @Test
    void streamingClockClosesItsStream() throws Exception {
        TestResponse response = new TestClient(new StreamingClock()).get("/?ticks=2&interval=1");
        assertEquals(2, response.text().lines().count());
        assertTrue(response.errors().contains("clock stream closed"), response.errors());
    }

    @Test
    void fileDownloadRanges(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("f.txt"), "0123456789");
        TestClient client = new TestClient(new FileDownload(root));
        assertEquals("0123456789", client.get("/f.txt").text());
        TestResponse range = client.send(TestRequest.get("/f.txt").header("Range", "bytes=-3"));
        assertEquals(206, range.statusCode());
        assertEquals("789", range.text());
        assertEquals(404, client.get("/missing.txt").statusCode());
    }

    @Test
    void uploadChecksum() throws Exception {
        TestResponse response = new TestClient(new UploadChecksum()).send(TestRequest.post("/").body("abc"));
        assertEquals("3 bytes, sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", response.text());
    }

    @Test
    void middlewareChain() throws Exception {
        TestClient client = new TestClient(new MiddlewareChain());
        TestResponse plain = client.get("/");
        assertTrue(plain.text().startsWith("request "));
        assertTrue(plain.errors().contains("GET / 200 OK"), "access timing line: " + plain.errors());
        TestResponse failed = client.get("/fail");
        assertEquals(500, failed.statusCode());
        assertTrue(failed.errors().contains("the application failed (on purpose)"));
    }

    @Test
    void accessTimingKeepsTheKnownLengthOfAOneChunkBody() throws Exception {
        AccessTiming timed = new AccessTiming((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("x");
        });
        Iterable<byte[]> body = timed.call(new dev.gateway.spi.server.EnvironBuilder()
                .errors(new java.io.PrintWriter(java.io.Writer.nullWriter())).build(), (s, h, e) -> null);
        assertTrue(body instanceof java.util.Collection<?> c && c.size() == 1, "still a one-chunk collection");
        ((AutoCloseable) body).close();
    }

    @Test
    void miniFramework() throws Exception {
        TestClient client = new TestClient(new MiniFramework());
        assertEquals(201, client.send(TestRequest.post("/notes").body("one")).statusCode());
        assertEquals("{\"id\":\"1\",\"text\":\"one\"}".length(), client.get("/notes/1").text().length());
        assertEquals("[1]", client.get("/notes").text());
    }

    @Test
    void lintCatchesAnApplicationThatBreaksTheContract() {
        TestClient client = new TestClient((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain\r\nX-Injected: 1")));
            return Body.of("x");
        });
        LintError error = assertThrows(LintError.class, () -> client.get("/"));
        assertFalse(error.getMessage().isEmpty());
    }
}
