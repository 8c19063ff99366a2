package dev.gateway.examples.framework;

import dev.gateway.spi.Environ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler sees of a request: the environ, plus the path parameters its route captured. */
public record Request(Environ environ, Map<String, String> params) {

    /** The path parameter {@code name}, e.g. {@code id} for {@code /notes/{id}}. */
    public String param(String name) {
        return params.get(name);
    }

    /** The request body as UTF-8 text. */
    public String bodyText() throws IOException {
        return new String(environ.input().readAllBytes(), StandardCharsets.UTF_8);
    }
}
