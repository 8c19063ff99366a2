package dev.gateway.examples.middleware;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one line per request to {@code gateway.errors}: method, path, status and the time until the
 * server closed the body. The time is taken at {@code close()}, not when {@code call} returns:
 * a streamed body is still being sent after {@code call} returned.
 */
public final class AccessTiming extends Middleware {

    public AccessTiming(Application next) {
        super(next);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        long start = System.nanoTime();
        AtomicReference<String> status = new AtomicReference<>("-");
        Iterable<byte[]> body = next().call(environ, (s, headers, excInfo) -> {
            status.set(s);
            return startResponse.start(s, headers, excInfo);
        });
        return Body.onClose(body, () -> {
            Closing.close(body);
            long micros = (System.nanoTime() - start) / 1000;
            environ.errors().println(environ.requestMethod() + " " + environ.pathInfo() + " " + status.get() + " " + micros + "us");
        });
    }
}
