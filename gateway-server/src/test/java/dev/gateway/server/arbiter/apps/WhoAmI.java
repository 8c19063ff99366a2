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

/**
 * Answers who served the request: {@code pid instance} where instance is unique per application
 * object (so a reload shows). Query {@code ms} sleeps first. When the environment variable
 * {@code MARKERS} names a folder, each request leaves a file there when it starts, so a test can see
 * requests in flight across processes.
 */
public final class WhoAmI implements Application {

    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String markers = System.getenv("MARKERS");
        if (markers != null) {
            Files.createFile(Path.of(markers, UUID.randomUUID().toString()));
        }
        String query = environ.queryString();
        if (query.startsWith("ms=")) {
            Thread.sleep(Long.parseLong(query.substring(3)));
        }
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(ProcessHandle.current().pid() + " " + instance + "\n");
    }
}
