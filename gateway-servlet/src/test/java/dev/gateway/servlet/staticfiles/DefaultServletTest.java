package dev.gateway.servlet.staticfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servlet.ServletApplication;
import dev.gateway.servlet.http.HttpDates;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.ResponseState;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's default servlet: static files with validators, conditional requests and ranges (RFC 9110). */
class DefaultServletTest {

    private static final long MODIFIED = 1_700_000_000_000L; // whole seconds
    private static final byte[] DATA = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;
    private ServletApplication app;
    private TestClient client;

    @BeforeEach
    void deploy() throws Exception {
        Files.write(root.resolve("data.txt"), DATA);
        Files.setLastModifiedTime(root.resolve("data.txt"), FileTime.fromMillis(MODIFIED));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/secret.properties"), "password=x");
        app = ServletApplication.builder().resourceBase(root).build();
        client = new TestClient(app).startup();
    }

    @AfterEach
    void undeploy() throws Exception {
        client.close();
    }

    @Test
    void aFileWithItsValidators() throws Exception {
        TestResponse response = client.get("/data.txt");
        assertEquals(200, response.statusCode());
        assertArrayEquals(DATA, response.body());
        assertEquals("20", response.header("Content-Length"));
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
        assertEquals(HttpDates.format(MODIFIED), response.header("Last-Modified"));
        assertEquals("W/\"20-" + MODIFIED + "\"", response.header("ETag"));
        assertEquals("bytes", response.header("Accept-Ranges"));
    }

    @Test
    void headHasTheHeadersAndNoBody() throws Exception {
        TestResponse response = client.send(TestRequest.head("/data.txt"));
        assertEquals(200, response.statusCode());
        assertEquals("20", response.header("Content-Length"));
        assertEquals(0, response.body().length);
    }

    @Test
    void conditionalRequests() throws Exception {
        String etag = client.get("/data.txt").header("ETag");
        assertEquals(304, send("If-None-Match", etag).statusCode());
        assertEquals(304, send("If-None-Match", "\"other\", " + etag.substring(2)).statusCode(), "weak comparison");
        assertEquals(200, send("If-None-Match", "\"other\"").statusCode());
        assertEquals(304, send("If-Modified-Since", HttpDates.format(MODIFIED)).statusCode());
        assertEquals(200, send("If-Modified-Since", HttpDates.format(MODIFIED - 1000)).statusCode());
        assertEquals(412, send("If-Match", "\"other\"").statusCode());
        assertEquals(200, send("If-Match", "*").statusCode());
        assertEquals(412, send("If-Unmodified-Since", HttpDates.format(MODIFIED - 1000)).statusCode());
        TestResponse notModified = send("If-None-Match", etag);
        assertEquals(etag, notModified.header("ETag"), "a 304 carries the validators");
        assertEquals(0, notModified.body().length);
    }

    @Test
    void oneByteRange() throws Exception {
        TestResponse part = send("Range", "bytes=2-5");
        assertEquals(206, part.statusCode());
        assertEquals("2345", new String(part.body(), StandardCharsets.US_ASCII));
        assertEquals("bytes 2-5/20", part.header("Content-Range"));
        assertEquals("4", part.header("Content-Length"));
        assertEquals("ghij", new String(send("Range", "bytes=-4").body(), StandardCharsets.US_ASCII));
        assertEquals("fghij", new String(send("Range", "bytes=15-").body(), StandardCharsets.US_ASCII));
        assertEquals("bytes 18-19/20", send("Range", "bytes=18-99").header("Content-Range"));
        TestResponse unsatisfiable = send("Range", "bytes=20-");
        assertEquals(416, unsatisfiable.statusCode());
        assertEquals("bytes */20", unsatisfiable.header("Content-Range"));
        // Ignored (RFC 9110 section 14.2): invalid, another unit, several ranges.
        for (String ignored : List.of("bytes=5-2", "items=1-2", "bytes=0-1,4-5", "bytes=x-1")) {
            assertEquals(200, send("Range", ignored).statusCode(), ignored);
        }
    }

    @Test
    void ifRangeLetsTheRangeApplyOnlyToTheSameFile() throws Exception {
        TestRequest sameDate = TestRequest.get("/data.txt").header("Range", "bytes=0-1").header("If-Range", HttpDates.format(MODIFIED));
        assertEquals(206, client.send(sameDate).statusCode());
        TestRequest otherDate = TestRequest.get("/data.txt").header("Range", "bytes=0-1").header("If-Range", HttpDates.format(MODIFIED - 1000));
        assertEquals(200, client.send(otherDate).statusCode());
        TestRequest weakTag = TestRequest.get("/data.txt").header("Range", "bytes=0-1").header("If-Range", "W/\"20-" + MODIFIED + "\"");
        assertEquals(200, client.send(weakTag).statusCode(), "a weak tag never matches If-Range (strong comparison)");
    }

    @Test
    void directoriesAndWhatIsNeverServed() throws Exception {
        TestResponse redirect = client.get("/docs?x=1");
        assertEquals(302, redirect.statusCode());
        assertTrue(redirect.header("Location").endsWith("/docs/?x=1"), redirect.header("Location"));
        assertEquals("<h1>docs</h1>", client.get("/docs/").text());
        assertEquals(404, client.get("/").statusCode(), "no index.html at the root, no listing");
        assertEquals(404, client.get("/WEB-INF/secret.properties").statusCode());
        assertEquals(404, client.get("/web-inf/secret.properties").statusCode());
        assertEquals(404, client.get("/missing.txt").statusCode());
        assertEquals(400, client.get("/../" + root.getFileName() + "/data.txt").statusCode(), "a path leaving the context: refused, as by Tomcat");
    }

    @Test
    void theResourcesOfJarsOnTheClassPath() throws Exception {
        TestResponse response = client.get("/bundled/note.txt");
        assertEquals(200, response.statusCode());
        assertEquals("from a jar's META-INF/resources\n", response.text());
        assertNotNull(response.header("ETag"));
    }

    @Test
    void aPlainFileGoesToTheServerAsAFileBody() throws Exception {
        var environ = new EnvironBuilder().requestLine("GET", "/data.txt", "HTTP/1.1").header("Host", "localhost").build();
        ResponseState state = new ResponseState(data -> { });
        Iterable<byte[]> body = app.call(environ, state);
        FileBody file = assertInstanceOf(FileBody.class, body, "zero copy: the server gets the file");
        try (file) {
            assertEquals(20, file.count());
            assertEquals("200 OK", state.status());
        }
        var ranged = new EnvironBuilder().requestLine("GET", "/data.txt", "HTTP/1.1").header("Host", "localhost")
                .header("Range", "bytes=10-").build();
        try (FileBody part = assertInstanceOf(FileBody.class, app.call(ranged, new ResponseState(data -> { })))) {
            assertEquals(10, part.position());
            assertEquals(10, part.count());
        }
    }

    @Test
    void anApplicationServletOnTheRootWinsAndCanForwardToDefault() throws Exception {
        ServletApplication mapped = ServletApplication.builder().resourceBase(root)
                .servlet("front", new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                        if (request.getServletPath().startsWith("/data")) {
                            try {
                                // Spring's DefaultServletHttpRequestHandler does this
                                request.getServletContext().getNamedDispatcher("default").forward(request, response);
                            } catch (jakarta.servlet.ServletException e) {
                                throw new IOException(e);
                            }
                            return;
                        }
                        response.getWriter().write("front " + request.getServletPath());
                    }
                }, "/").build();
        try (TestClient front = new TestClient(mapped).startup()) {
            assertEquals("front /x", front.get("/x").text());
            assertArrayEquals(DATA, front.get("/data.txt").body());
        }
    }

    @Test
    void concurrentRangeRequests() throws Exception {
        long seed = System.nanoTime();
        System.out.println("DefaultServletTest.concurrentRangeRequests seed=" + seed);
        Random random = new Random(seed);
        byte[] big = new byte[256 * 1024];
        random.nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int first = random.nextInt(big.length);
            ranges.add(new int[] {first, first + random.nextInt(big.length - first)});
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int[] r : ranges) {
                answers.add(pool.submit(() -> send("/big.bin", "Range", "bytes=" + r[0] + "-" + r[1]).body()));
            }
            for (int i = 0; i < ranges.size(); i++) {
                int[] r = ranges.get(i);
                assertArrayEquals(Arrays.copyOfRange(big, r[0], r[1] + 1), answers.get(i).get(), "range " + r[0] + "-" + r[1]);
            }
        }
    }

    @Test
    void otherMethodsAreRefused() throws Exception {
        TestResponse put = client.send(TestRequest.of("PUT", "/data.txt").body("x"));
        assertEquals(405, put.statusCode());
        assertNull(put.header("ETag"));
    }

    private TestResponse send(String header, String value) throws Exception {
        return send("/data.txt", header, value);
    }

    private TestResponse send(String path, String header, String value) throws Exception {
        return client.send(TestRequest.get(path).header(header, value));
    }
}
