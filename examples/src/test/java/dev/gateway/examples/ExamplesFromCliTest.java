package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each example runs from the command line exactly as its Javadoc says: {@code bin/gateway
 * --classpath examples/target/classes CLASS}, here on a free port, answering a first request.
 */
class ExamplesFromCliTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));
    private static final Pattern LISTENING = Pattern.compile("Listening at: (http://127\\.0\\.0\\.1:\\d+)");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "dev.gateway.examples.Hello, GET, /, Hello",
        "dev.gateway.examples.EnvironDump, GET, /x, PATH_INFO",
        "dev.gateway.examples.StreamingClock, GET, /?ticks=2&interval=10, Z",
        "dev.gateway.examples.FileDownload, GET, /README.md, gateway",
        "dev.gateway.examples.UploadChecksum, POST, /, 5 bytes",
        "dev.gateway.examples.middleware.MiddlewareChain, GET, /, request ",
        "dev.gateway.examples.framework.MiniFramework, GET, /notes, []"})
    void runsFromTheCommandLine(String className, String method, String path, String expected) throws Exception {
        Process server = new ProcessBuilder("bin/gateway", "-b", "127.0.0.1:0", "--classpath", "examples/target/classes", className)
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        try {
            String base = awaitListening(server);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
            if (method.equals("POST")) {
                request.POST(HttpRequest.BodyPublishers.ofString("hello"));
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains(expected), response.body());
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the server's log until it says where it listens (the port is chosen by the kernel). */
    private static String awaitListening(Process server) throws Exception {
        StringBuffer seen = new StringBuffer();
        // The reader is never closed here: after the line is found a drainer keeps reading until
        // the server exits, so the server never blocks on a full pipe.
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = log.readLine()) != null) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        Thread.ofVirtual().start(() -> log.lines().forEach(l -> { }));
                        return m.group(1);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the server exited before listening:\n" + seen);
        });
        try {
            return found.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no 'Listening at' line within 90 s; the server printed:\n" + seen, e);
        }
    }
}
