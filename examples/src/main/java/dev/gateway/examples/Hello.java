package dev.gateway.examples;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * The smallest application: answers every request with a greeting.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.Hello</pre>
 */
public final class Hello implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        return Body.of("Hello, World!\n");
    }
}
