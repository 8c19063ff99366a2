package dev.gateway.spi.server;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * What a server answers, instead of its application, to a request whose path lies outside the
 * script name it mounts the application at (docs/spec.md, "SCRIPT_NAME"): {@code 404 Not Found}.
 * The application at {@code /app} has nothing at {@code /other}, and no {@code PATH_INFO} relative
 * to {@code /app} exists for it. The network server and the test client both use this one answer.
 */
public final class OutsideScriptName implements Application {

    /** The one instance: it holds no state. */
    public static final OutsideScriptName INSTANCE = new OutsideScriptName();

    private static final byte[] BODY = "Not Found\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private OutsideScriptName() {
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start("404 Not Found", List.of(Header.of("Content-Type", "text/plain; charset=us-ascii"),
                Header.of("Content-Length", Integer.toString(BODY.length))));
        return Body.of(BODY);
    }
}
