package dev.gateway.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server started from the command line by a test: where it listens, and its stop. */
public final class CliServer {

    private static final Pattern LISTENING = Pattern.compile("Listening at: (http://127\\.0\\.0\\.1:\\d+)");

    private CliServer() {
    }

    /**
     * Reads the server's log until it says where it listens (the port is chosen by the kernel) and
     * returns that base URI. A drainer then keeps reading until the server exits, so that it never
     * blocks on a full pipe.
     */
    public static String awaitListening(Process server) throws Exception {
        StringBuffer seen = new StringBuffer();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = log.readLine()) != null) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        Thread.ofVirtual().start(() -> drain(log));
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
        } catch (TimeoutException e) {
            throw new AssertionError("no 'Listening at' line within 90 s; the server printed:\n" + seen, e);
        }
    }

    /** SIGTERM (a graceful stop), then SIGKILL if it has not exited after 20 s. */
    public static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Reads until the server exits; its stream closes under the reader when it is killed. */
    private static void drain(BufferedReader log) {
        try {
            log.lines().forEach(line -> { });
        } catch (UncheckedIOException closed) {
            // the server is gone
        }
    }
}
