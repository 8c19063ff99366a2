package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.app.AppLoader;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.support.Await;
import dev.gateway.spi.Application;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of in-JVM workers loads the application in a new class loader; once the old generation's
 * workers are gone, nothing of the server holds the old class loader: it is collected.
 */
class ClassLoaderReleaseTest {

    @TempDir
    Path dir;

    @Test
    void theOldGenerationsClassLoaderIsCollectedAfterAReload() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.createDirectories(dir.resolve("src/demo")).resolve("Versioned.java");
        Files.writeString(source, """
                package demo;
                public final class Versioned implements dev.gateway.spi.Application {
                    @Override
                    public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse startResponse) {
                        startResponse.start("200 OK", java.util.List.of());
                        return dev.gateway.spi.Body.of(String.valueOf(System.identityHashCode(getClass().getClassLoader())));
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString()));
        Config config = Config.defaults()
                .with(Settings.BIND, List.of("127.0.0.1:0"), Config.Source.COMMAND_LINE)
                .with(Settings.WORKERS, 2, Config.Source.COMMAND_LINE)
                .with(Settings.THREADS, 2, Config.Source.COMMAND_LINE);
        Reloader reloader = () -> new Reloader.Reloaded(config, new AppLoader(List.of(classes.toString())).load("demo.Versioned"));
        WeakReference<ClassLoader> firstLoader = new WeakReference<>(null);
        Arbiter arbiter = new Arbiter(config, reloader.reload().application()).reloader(reloader);
        arbiter.start();
        Thread loop = Thread.ofPlatform().name("test-arbiter").start(arbiter::run);
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) arbiter.addresses().get(0)).getPort() + "/");
            String before = get(client, uri);
            firstLoader = loaderOf(arbiter);
            arbiter.send(Arbiter.Event.HUP);
            Await.until(Duration.ofSeconds(20), "the old generation gone",
                    () -> arbiter.workers().size() == 2 && arbiter.workers().stream().allMatch(w -> w.generation() == 1));
            String after = get(client, uri);
            assertEquals(false, before.equals(after), "the new generation answers from a new class loader");
            WeakReference<ClassLoader> old = firstLoader;
            Await.until(Duration.ofSeconds(20), "the first class loader collected", () -> {
                System.gc();
                return old.get() == null;
            });
        } finally {
            arbiter.requestStop(true);
            loop.join(20_000);
        }
    }

    /** The class loader of the application the running workers serve, as a weak reference only. */
    private static WeakReference<ClassLoader> loaderOf(Arbiter arbiter) throws Exception {
        Application application = arbiter.onLoop(() -> arbiter.application()).get();
        return new WeakReference<>(application.getClass().getClassLoader());
    }

    /** 20 concurrent requests; they must agree. */
    private static String get(HttpClient client, URI uri) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()));
            }
            String first = answers.get(0).get();
            for (Future<String> answer : answers) {
                assertEquals(first, answer.get());
            }
            return first;
        }
    }
}
