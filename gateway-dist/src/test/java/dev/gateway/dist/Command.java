package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short command run to its end: its output, and a check that it succeeded. */
record Command(int status, String output) {

    /** Runs {@code command} in {@code dir} with extra {@code environment}; killed (by PID) past {@code within}. */
    static Command run(List<String> command, Path dir, Map<String, String> environment, Duration within)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(finished, command + " finished within " + within + ":\n" + output);
            return new Command(process.exitValue(), output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    static Command run(List<String> command, Duration within) throws IOException, InterruptedException {
        return run(command, Path.of("."), Map.of(), within);
    }

    Command succeeded(String what) {
        assertEquals(0, status, what + ":\n" + output);
        return this;
    }
}
