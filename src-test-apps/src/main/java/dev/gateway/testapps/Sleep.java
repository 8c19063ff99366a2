package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/** Sleeps {@code ms} milliseconds (query parameter, default 1000), then answers {@code 200}. */
public final class Sleep implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws InterruptedException {
        long ms = Query.number(environ, "ms", 1000);
        Thread.sleep(ms);
        String text = "slept " + ms + " ms\n";
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(text);
    }
}
