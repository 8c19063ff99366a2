package dev.gateway.bench.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The application of bench/h2.sh, the same two answers as its Jetty peer (bench/jetty-h2):
 * {@code /download} is 1 MiB from one array made once, every other path {@code Hello, World!}.
 */
public final class H2Bench implements Application {

    private static final byte[] HELLO = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEBIBYTE = new byte[1 << 20];

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        boolean download = environ.pathInfo().equals("/download");
        byte[] body = download ? MEBIBYTE : HELLO;
        startResponse.start("200 OK", List.of(Header.of("Content-Type", download ? "application/octet-stream" : "text/plain"),
                Header.of("Content-Length", Integer.toString(body.length))));
        return Body.of(body);
    }
}
