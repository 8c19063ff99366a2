package dev.gateway.server.arbiter.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application with a lifecycle that logs it: {@code lifespan startup PID INSTANCE} and
 * {@code lifespan shutdown PID INSTANCE SERVED}. A request answers {@code PID INSTANCE} and is refused
 * (500) unless the instance was started and not yet stopped. {@code startup()} fails while the file
 * named by the environment variable {@code LIFESPAN_FAIL_WHILE} exists.
 */
public final class Lifespan implements Application {

    private static final Logger log = LoggerFactory.getLogger("lifespan");
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean running;

    @Override
    public void startup() {
        String failWhile = System.getenv("LIFESPAN_FAIL_WHILE");
        if (failWhile != null && Files.exists(Path.of(failWhile))) {
            throw new IllegalStateException("lifespan cannot start: " + failWhile + " exists");
        }
        running = true;
        log.info("lifespan startup {} {}", ProcessHandle.current().pid(), instance);
    }

    @Override
    public void shutdown() {
        running = false;
        log.info("lifespan shutdown {} {} {}", ProcessHandle.current().pid(), instance, served.get());
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        if (!running) {
            throw new IllegalStateException("called outside startup() and shutdown()");
        }
        served.incrementAndGet();
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(ProcessHandle.current().pid() + " " + instance + "\n");
    }
}
