package dev.gateway.server.net.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import io.netty.util.ResourceLeakDetector;
import java.util.List;

/**
 * Answers, in the JVM that served the request, the Netty settings the server chooses:
 * {@code jfr=<io.netty.jfr.enabled> leak=<the leak detector's level in effect>}.
 */
public final class NettySettings implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("jfr=" + System.getProperty("io.netty.jfr.enabled") + " leak=" + ResourceLeakDetector.getLevel());
    }
}
