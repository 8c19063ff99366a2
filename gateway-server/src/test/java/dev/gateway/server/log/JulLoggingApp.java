package dev.gateway.server.log;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;
import java.util.logging.Logger;

/** Logs through java.util.logging, as Jersey and ServletContext.log do: one INFO and one FINE record per request. */
public final class JulLoggingApp implements Application {

    private static final Logger log = Logger.getLogger("example.jul");

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        log.info("jul info record");
        log.fine("jul fine record");
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("logged\n");
    }
}
