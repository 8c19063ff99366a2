package dev.gateway.examples.websocket;

import dev.gateway.examples.QueryParams;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Server-Sent Events, the way to push without WebSocket: an ordinary response of type
 * {@code text/event-stream} that never ends, one {@code data:} event per tick. Browsers read it with
 * {@code new EventSource(url)} and reconnect by themselves (sending {@code Last-Event-ID}, which this
 * example resumes from). Once its head went out, a {@code text/event-stream} response is exempt from
 * the request {@code timeout}, as a WebSocket is; a client that goes away ends it at the next write.
 *
 * <p>Query {@code ticks=N} stops after N events (default: forever); {@code interval=MS} sets the pause.
 *
 * <pre>bin/gateway -k virtual --classpath examples/target/classes dev.gateway.examples.websocket.EventStream
 * curl -N http://127.0.0.1:8000/</pre>
 */
public final class EventStream implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        QueryParams query = QueryParams.parse(environ.queryString());
        long ticks = query.number("ticks", Long.MAX_VALUE);
        long interval = query.number("interval", 1000);
        long first = parseOr(environ.header("Last-Event-ID"), -1) + 1;
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/event-stream; charset=utf-8"),
                Header.of("Cache-Control", "no-cache"),
                // nginx would otherwise buffer the stream (docs/deploy/nginx.conf).
                Header.of("X-Accel-Buffering", "no")));
        Iterator<byte[]> events = new Iterator<>() {
            private long id = first;

            @Override
            public boolean hasNext() {
                return id - first < ticks;
            }

            @Override
            public byte[] next() {
                if (id > first) {
                    pause(interval);
                }
                String event = "id: " + id + "\ndata: tick " + id + "\n\n";
                id++;
                return event.getBytes(StandardCharsets.UTF_8);
            }
        };
        return () -> events;
    }

    private static long parseOr(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
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
