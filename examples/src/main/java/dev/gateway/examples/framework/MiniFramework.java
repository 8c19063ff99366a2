package dev.gateway.examples.framework;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A notes service written with the {@link Router} framework: {@code GET /notes}, {@code POST /notes}
 * (body = the note's text), {@code GET /notes/{id}}.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.framework.MiniFramework
 * curl -d 'buy milk' http://127.0.0.1:8000/notes
 * curl http://127.0.0.1:8000/notes/1</pre>
 */
public final class MiniFramework implements Application {

    private final Map<Long, String> notes = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Router router = new Router()
            .get("/notes", request -> Response.ok(List.copyOf(notes.keySet())))
            .post("/notes", request -> {
                long id = ids.incrementAndGet();
                notes.put(id, request.bodyText());
                return Response.json("201 Created", Map.of("id", id));
            })
            .get("/notes/{id}", request -> {
                String text = notes.get(parseId(request.param("id")));
                return text == null ? Response.json("404 Not Found", Map.of("error", "no such note"))
                        : Response.ok(Map.of("id", request.param("id"), "text", text));
            });

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return router.call(environ, startResponse);
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
