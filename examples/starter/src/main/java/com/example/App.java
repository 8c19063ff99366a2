package com.example;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The application: greets the {@code name} of the query string, or the world.
 *
 * <pre>bin/gateway -c gateway.properties --classpath target/starter-1.0.0.jar com.example.App</pre>
 */
public final class App implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        String name = nameFrom(environ.getString("QUERY_STRING"));
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        return Body.of("Hello, " + name + "!\n");
    }

    private static String nameFrom(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=") && pair.length() > "name=".length()) {
                    return URLDecoder.decode(pair.substring("name=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "World";
    }
}
