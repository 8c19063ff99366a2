package dev.gateway.examples.hosted;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * An ordinary gateway application, which this module packages as a WAR: it runs unchanged on gateway
 * ({@code bin/gateway --classpath examples/hosted-war/target/classes dev.gateway.examples.hosted.Greeting})
 * and on Tomcat or Jetty (deploy {@code target/hosted-war.war}). It says where it is mounted and what it
 * runs on, which is all that differs between the hosts.
 */
public final class Greeting implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        String text = "Hello from " + environ.scriptName() + environ.pathInfo()
                + (Boolean.TRUE.equals(environ.get("gateway.multiprocess")) ? " (several processes)" : "") + "\n";
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        return Body.of(text);
    }
}
