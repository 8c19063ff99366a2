package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.Load;
import dev.gateway.server.support.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --reload}: an application compiled into a class folder, served under a looping client;
 * the source is edited and compiled again, and the new answer comes without a failed request; then
 * a class file that does not load leaves the running generation serving, with the error logged once.
 * A non-blocking application's requests run on the event loops, which must follow the new
 * generation as the workers do.
 */
class ReloadTest {

    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    /** Whether the compiled application declares itself non-blocking. */
    private boolean nonBlocking;

    @ParameterizedTest(name = "-k {0}, non-blocking {1}")
    @CsvSource({"thread, false", "process, false", "thread, true", "process, true"})
    void anEditedClassIsServedWithoutAFailedRequest(String workerClass, boolean nonBlocking) throws Exception {
        this.nonBlocking = nonBlocking;
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile("v1", classes);
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "4",
                "--reload", "--no-control-socket", "--classpath", classes.toString(), "demo.Versioned")) {
            server.awaitLog("Reloading on changes to", 1, GUARD);
            Load load = Load.start(URI.create("http://127.0.0.1:" + server.port() + "/"), 4);
            try {
                server.await("v1 served", GUARD, () -> load.bodies().contains("v1"));
                compile("v2", classes);
                server.await("v2 served", GUARD, () -> load.bodies().contains("v2"));
                server.awaitLog("Retiring worker of generation 0", 2, GUARD);
                int afterReload = load.ok();
                server.await("requests after the reload", GUARD, () -> load.ok() > afterReload + 50);

                // A class that does not load (a half-written or broken file): the reload fails, v2 serves on.
                Files.write(classes.resolve("demo/Versioned.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0});
                server.awaitLog("Reload failed", 1, GUARD);
                int afterFailure = load.ok();
                server.await("requests after the failed reload", GUARD, () -> load.ok() > afterFailure + 50);
            } finally {
                load.stop();
            }
            assertEquals(0, load.failed(), "failures: " + load.failures());
            assertEquals(1, server.count("Reload failed"), "the error is logged once:\n" + server.log());
            assertTrue(server.log().contains("Reloading: " + classes.resolve("demo")), server.log());
            assertEquals(List.of("v1", "v2"), load.bodies().stream().sorted().toList());
        }
    }

    /** Compiles {@code demo.Versioned}, an application answering {@code version}, into {@code classes}. */
    private void compile(String version, Path classes) throws Exception {
        Path source = dir.resolve("src/demo/Versioned.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package demo;

                import dev.gateway.spi.Application;
                import dev.gateway.spi.Body;
                import dev.gateway.spi.Environ;
                import dev.gateway.spi.Header;
                import dev.gateway.spi.StartResponse;
                import java.util.List;

                public final class Versioned implements Application {
                    @Override
                    public boolean nonBlocking() {
                        return %s;
                    }

                    @Override
                    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
                        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
                        return Body.of("%s");
                    }
                }
                """.formatted(nonBlocking, version));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // Into a scratch folder first, then moved in: the watcher sees a finished file, as after a build.
        Path scratch = Files.createTempDirectory(dir, "javac");
        int status = javac.run(null, null, null, "-d", scratch.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertEquals(0, status, "javac");
        Files.createDirectories(classes.resolve("demo"));
        Files.move(scratch.resolve("demo/Versioned.class"), classes.resolve("demo/Versioned.class"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
