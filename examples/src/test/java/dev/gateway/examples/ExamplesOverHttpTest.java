package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.examples.framework.MiniFramework;
import dev.gateway.examples.middleware.MiddlewareChain;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example, served by a real gateway over a socket, as a user would run it. */
class ExamplesOverHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void hello() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Hello()).start()) {
            assertEquals("Hello, World!\n", text(send(HttpRequest.newBuilder(gateway.baseUri()).build())));
        }
    }

    @Test
    void environDumpEscapesWhatTheClientSent() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EnvironDump()).start()) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(gateway.baseUri().resolve("/p?q=1"))
                    .header("X-Probe", "<script>").build());
            String html = text(response);
            assertTrue(html.contains("<th>PATH_INFO</th><td>/p</td>"), html);
            assertTrue(html.contains("&lt;script&gt;"));
            assertFalse(html.contains("<script>"));
        }
    }

    @Test
    void streamingClockStreamsLines() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new StreamingClock()).start()) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(gateway.baseUri().resolve("/?ticks=3&interval=10")).build());
            assertEquals(3, text(response).lines().count());
            assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(""));
        }
    }

    @Test
    void fileDownloadServesWholeFilesAndRanges(@TempDir Path root) throws Exception {
        byte[] content = new byte[300_000];
        Arrays.fill(content, (byte) 'x');
        content[1000] = 'y';
        Files.write(root.resolve("data.bin"), content);
        try (RunningGateway gateway = Gateway.builder(new FileDownload(root)).start()) {
            URI file = gateway.baseUri().resolve("/data.bin");
            HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(file).build());
            assertEquals(200, whole.statusCode());
            assertArrayEquals(content, whole.body());
            HttpResponse<byte[]> range = send(HttpRequest.newBuilder(file).header("Range", "bytes=1000-1009").build());
            assertEquals(206, range.statusCode());
            assertEquals("yxxxxxxxxx", text(range));
            assertEquals("bytes 1000-1009/300000", range.headers().firstValue("Content-Range").orElseThrow());
            HttpResponse<byte[]> beyond = send(HttpRequest.newBuilder(file).header("Range", "bytes=400000-").build());
            assertEquals(416, beyond.statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(gateway.baseUri().resolve("/../../etc/passwd")).build()).statusCode());
        }
    }

    @Test
    void uploadChecksumDigestsAStreamedBody() throws Exception {
        byte[] payload = new byte[5_000_000];
        new java.util.Random(7).nextBytes(payload);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        try (RunningGateway gateway = Gateway.builder(new UploadChecksum()).start()) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(gateway.baseUri())
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build());
            assertEquals("5000000 bytes, sha256 " + expected + "\n", text(response));
        }
    }

    @Test
    void middlewareChainAddsIdCompressesAndRendersErrors() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new MiddlewareChain()).start()) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(gateway.baseUri())
                    .header("Accept-Encoding", "gzip").header("X-Request-Id", "abc-123").build());
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
            assertEquals("abc-123", response.headers().firstValue("X-Request-Id").orElseThrow());
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("request abc-123: hello"));
            }
            HttpResponse<byte[]> failure = send(HttpRequest.newBuilder(gateway.baseUri().resolve("/fail")).build());
            assertEquals(500, failure.statusCode());
            assertTrue(text(failure).contains("Something went wrong"));
            assertTrue(failure.headers().firstValue("X-Request-Id").isPresent());
        }
    }

    @Test
    void miniFrameworkRoutesWithPathParameters() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new MiniFramework()).set(Settings.THREADS, 4).start()) {
            URI notes = gateway.baseUri().resolve("/notes");
            HttpResponse<byte[]> created = send(HttpRequest.newBuilder(notes).POST(HttpRequest.BodyPublishers.ofString("buy milk")).build());
            assertEquals(201, created.statusCode());
            assertEquals("{\"id\":1}", text(created));
            assertEquals("{\"id\":\"1\",\"text\":\"buy milk\"}".length(), text(send(HttpRequest.newBuilder(notes.resolve("/notes/1")).build())).length());
            assertEquals(404, send(HttpRequest.newBuilder(notes.resolve("/notes/99")).build()).statusCode());
            assertEquals(405, send(HttpRequest.newBuilder(notes).DELETE().build()).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(notes.resolve("/nothing")).build()).statusCode());
        }
    }
}
