package dev.gateway.examples.spring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.servlet.ServletApplication;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A plain servlet over HTTP: a small response goes out with Content-Length, a large one streams chunked. */
@Timeout(30)
class ServletStreamingOverHttpTest {

    /** Writes {@code ?size=N} bytes of a pattern, 4 KiB at a time; echoes a POSTed body. */
    static final class Bytes extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int size = Integer.parseInt(request.getParameter("size"));
            response.setContentType("application/octet-stream");
            OutputStream out = response.getOutputStream();
            byte[] block = new byte[4096];
            for (int written = 0; written < size; written += block.length) {
                Arrays.fill(block, (byte) (written / block.length));
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (InputStream in = request.getInputStream()) {
                in.transferTo(response.getOutputStream());
            }
        }
    }

    private static byte[] expected(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i / 4096);
        }
        return bytes;
    }

    @Test
    void smallResponsesHaveALengthAndLargeOnesStream() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (ServletApplication app = ServletApplication.builder().servlet("bytes", new Bytes(), "/bytes").build();
             RunningGateway gateway = Gateway.builder(app).start()) {
            HttpResponse<byte[]> small = client.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/bytes?size=5000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("5000", small.headers().firstValue("Content-Length").orElse(""));
            assertArrayEquals(expected(5000), small.body());

            HttpResponse<byte[]> large = client.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/bytes?size=3000000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("chunked", large.headers().firstValue("Transfer-Encoding").orElse(""));
            assertFalse(large.headers().firstValue("Content-Length").isPresent());
            assertArrayEquals(expected(3_000_000), large.body());

            byte[] upload = expected(2_000_000);
            HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/bytes"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(upload, echo.body());
        }
    }

    @Test
    void concurrentStreamsWithVirtualWorkersDoNotMix() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (ServletApplication app = ServletApplication.builder().servlet("bytes", new Bytes(), "/bytes").build();
             RunningGateway gateway = Gateway.builder(app).set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL).start()) {
            java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> responses = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int size = 100_000 + i * 7919;
                responses.add(client.sendAsync(HttpRequest.newBuilder(gateway.baseUri().resolve("/bytes?size=" + size)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (int i = 0; i < responses.size(); i++) {
                assertArrayEquals(expected(100_000 + i * 7919), responses.get(i).get().body());
            }
        }
    }
}
