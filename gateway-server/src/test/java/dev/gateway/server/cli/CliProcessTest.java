package dev.gateway.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.Main;
import dev.gateway.server.config.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line's errors as a user sees them: a real child JVM, its exit status and its stderr. */
class CliProcessTest {

    /** The status and output of a finished child JVM. */
    record Result(int status, String stdout, String stderr) {
    }

    private static Result gateway(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("GATEWAY_CMD_ARGS");
        builder.environment().remove("PORT");
        builder.environment().remove("WEB_CONCURRENCY");
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            // Both streams are small; read stderr on a thread so neither pipe can fill and block the child.
            var stderr = new java.util.concurrent.CompletableFuture<String>();
            Thread reader = Thread.ofVirtual().start(() -> stderr.complete(readAll(process.getErrorStream())));
            String stdout = readAll(process.getInputStream());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not exit");
            reader.join();
            return new Result(process.exitValue(), stdout, stderr.get());
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void unknownFlagExitsTwoWithOneLine() throws Exception {
        Result result = gateway("--no-such-flag", "dev.gateway.testapps.Hello");
        assertEquals(ExitCode.USAGE.code(), result.status(), result.stderr());
        List<String> lines = result.stderr().lines().toList();
        assertEquals("gateway: error: Unknown option: '--no-such-flag'", lines.get(0));
        assertEquals("Try 'gateway --help' for more information.", lines.get(1));
        assertEquals(2, lines.size(), result.stderr());
        assertEquals("", result.stdout());
    }

    @Test
    void helpPrintsNothingButTheUsage() throws Exception {
        Result result = gateway("--help");
        assertEquals(ExitCode.OK.code(), result.status(), result.stderr());
        assertEquals("", result.stderr());
        assertTrue(result.stdout().contains("%(h)s %(l)s"), result.stdout());
        assertTrue(result.stdout().contains("--[no-]require-host"), result.stdout());
    }

    @Test
    void missingClassExitsFourWithoutAStackTrace() throws Exception {
        Result result = gateway("--bind", "127.0.0.1:0", "com.example.Missing");
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), result.status(), result.stderr());
        String first = result.stderr().lines().findFirst().orElse("");
        assertTrue(first.startsWith("gateway: error: cannot load application: class com.example.Missing not found on classpath"),
                result.stderr());
        assertFalse(result.stderr().contains("Exception"), result.stderr());
        assertFalse(result.stderr().contains("\tat "), result.stderr());
    }
}
