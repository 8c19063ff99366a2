package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each example runs from the command line exactly as its Javadoc says: {@code bin/gateway
 * --classpath examples/target/classes CLASS}, here on a free port, answering a first request.
 */
class ExamplesFromCliTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));

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
            String base = CliServer.awaitListening(server);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
            if (method.equals("POST")) {
                request.POST(HttpRequest.BodyPublishers.ofString("hello"));
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains(expected), response.body());
        } finally {
            CliServer.stop(server);
        }
    }
}
