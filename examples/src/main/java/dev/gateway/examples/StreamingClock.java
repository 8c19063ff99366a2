package dev.gateway.examples;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Streams one line per second until the client leaves: the server sends each chunk as it comes
 * (chunked transfer coding), and when the client disconnects it stops iterating and calls
 * {@code close()}, which is where a real application releases what the stream held.
 *
 * <p>Query {@code ticks=N} stops after N lines (default: forever); {@code interval=MS} sets the pause.
 *
 * <pre>bin/gateway -k virtual --classpath examples/target/classes dev.gateway.examples.StreamingClock
 * curl -N http://127.0.0.1:8000/</pre>
 */
public final class StreamingClock implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        long ticks = QueryParams.parse(environ.queryString()).number("ticks", Long.MAX_VALUE);
        long interval = QueryParams.parse(environ.queryString()).number("interval", 1000);
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        Iterator<byte[]> lines = new Iterator<>() {
            private long sent;

            @Override
            public boolean hasNext() {
                return sent < ticks;
            }

            @Override
            public byte[] next() {
                if (sent > 0) {
                    pause(interval);
                }
                sent++;
                return (Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            }
        };
        return Body.onClose(() -> lines, () -> environ.errors().println("clock stream closed"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
