package dev.gateway.examples;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTML page listing the environ the application received, like wsgiref's demo app: the quickest
 * way to see what the server tells an application about a request.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.EnvironDump</pre>
 */
public final class EnvironDump implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Environ</title></head>\n")
                .append("<body><h1>Environ</h1>\n<table>\n");
        for (Map.Entry<String, Object> entry : new TreeMap<>(environ).entrySet()) {
            html.append("<tr><th>").append(escape(entry.getKey())).append("</th><td>")
                    .append(escape(describe(entry.getValue()))).append("</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        startResponse.start("200 OK", List.of(
                Header.of("Content-Type", "text/html; charset=utf-8"),
                Header.of("Content-Length", Integer.toString(body.length))));
        return Body.of(body);
    }

    private static String describe(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof List) {
            return String.valueOf(value);
        }
        return value == null ? "null" : "<" + value.getClass().getName() + ">";
    }

    /** HTML-escapes text: request headers are attacker-controlled and must not become markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
