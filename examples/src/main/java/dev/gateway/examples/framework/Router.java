package dev.gateway.examples.framework;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny routing framework on top of the gateway SPI: routes like {@code GET /notes/{id}} map to
 * handlers that take a {@link Request} and return a {@link Response}. The router itself is an
 * {@link Application}: a framework implements the application side of the contract, exactly as a
 * server implements the other side, and either can be swapped.
 */
public final class Router implements Application {

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; {@code {name}} segments capture path parameters. */
    public Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Response response = dispatch(environ);
        List<Header> headers = new ArrayList<>(response.headers());
        byte[] body = response.body();
        headers.add(Header.of("Content-Length", Integer.toString(body.length)));
        startResponse.start(response.status(), headers);
        return Body.of(body);
    }

    private Response dispatch(Environ environ) throws Exception {
        String[] path = split(environ.pathInfo());
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), path);
            if (params == null) {
                continue;
            }
            pathMatched = true;
            if (route.method().equals(environ.requestMethod())) {
                return route.handler().handle(new Request(environ, params));
            }
        }
        return pathMatched ? Response.json("405 Method Not Allowed", Map.of("error", "method not allowed"))
                : Response.json("404 Not Found", Map.of("error", "no route for " + environ.pathInfo()));
    }

    /** The captured parameters when {@code path} fits {@code pattern}, else null. */
    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                // PATH_INFO holds bytes as chars; path parameters are read as UTF-8 text.
                params.put(pattern[i].substring(1, pattern[i].length() - 1),
                        new String(path[i].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }
}
