package dev.gateway.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.support.ServerProcess;
import dev.gateway.spi.Application;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frameworks look their classes and resources up through the thread's context class loader: an
 * application loaded from {@code --classpath} finds its own loader there while a factory builds it
 * and on every request thread, with thread, virtual and process workers.
 */
class ContextClassLoaderTest {

    /** Holds loaderapp/LoaderApp.class, compiled here so that it is on no class path of the server. */
    private static Path classes;

    @BeforeAll
    static void compile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/loaderapp/LoaderApp.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package loaderapp;
                public class LoaderApp implements dev.gateway.spi.Application {
                    private final String built;
                    private LoaderApp(String built) { this.built = built; }
                    public static dev.gateway.spi.Application create() {
                        return new LoaderApp(verdict());
                    }
                    private static String verdict() {
                        return Thread.currentThread().getContextClassLoader() == LoaderApp.class.getClassLoader() ? "own" : "other";
                    }
                    public Iterable<byte[]> call(dev.gateway.spi.Environ e, dev.gateway.spi.StartResponse s) {
                        s.start("200 OK", java.util.List.of());
                        return java.util.List.of(("built:" + built + " request:" + verdict()).getBytes());
                    }
                }
                """);
        classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Path spi = Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), "-cp", spi.toString(), source.toString());
        assertEquals(0, status, "javac failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void theApplicationsLoaderIsTheContextClassLoader(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "--threads", "2",
                "--classpath", classes.toString(), "loaderapp.LoaderApp:create")) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals("built:own request:own", response.get().body(), server.log());
            }
        }
    }
}
