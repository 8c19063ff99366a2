package dev.gateway.server.worker.apps;

import dev.gateway.server.os.ThreadPolicy;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/** Answers the Linux scheduling policy of the thread that runs the request (proc(5)), as a number. */
public final class SchedulingPolicy implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(Integer.toString(ThreadPolicy.ofCurrentThread()));
    }
}
