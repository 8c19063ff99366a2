package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a user starts it (a launcher script, {@code java -jar}, {@code podman run}),
 * its output in a file. {@link #close()} kills it and its children by PID, so a failing test leaves
 * nothing behind.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://([0-9.]+):(\\d+)");

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} with exactly {@code environment}, output into {@code log}. */
    static ServerProcess start(List<String> command, Path dir, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start(), log);
    }

    /** The server's PID: bin/gateway execs the JVM, so the JVM's. */
    long pid() {
        return process.pid();
    }

    /** The base URI the server logged as its listener, once it did. */
    URI awaitListening(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(output());
            if (matcher.find()) {
                return URI.create("http://" + matcher.group(1) + ":" + matcher.group(2) + "/");
            }
            if (!process.isAlive()) {
                fail("the server exited (" + process.exitValue() + ") before listening:\n" + output());
            }
            Thread.sleep(50);
        }
        return fail("no 'Listening at' line within " + within + ":\n" + output());
    }

    /** Sends {@code count} GETs of {@code uri} at once; each must answer 200 with {@code body}. */
    static void getConcurrently(URI uri, int count, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(body, answer.body());
        }
    }

    /** Sends SIGTERM and expects a graceful stop: exit status 0 and the master's last log line. */
    void stopGracefully(Duration within) throws IOException, InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS), "stopped within " + within + ":\n" + output());
        assertEquals(0, process.exitValue(), output());
        assertTrue(output().contains("Shutting down: Master"), output());
    }

    /** The signals the server's process ignores, as the kernel shows them ({@code SigIgn} in /proc). */
    long ignoredSignals() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
            }
        }
        return fail("no SigIgn line in /proc/" + pid() + "/status");
    }

    /** Sends {@code SIG<name>} to the server with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid());
    }

    /** Waits for the server to exit; returns its status. */
    int awaitExit(Duration within) throws IOException, InterruptedException {
        assertTrue(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS), "exited within " + within + ":\n" + output());
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
