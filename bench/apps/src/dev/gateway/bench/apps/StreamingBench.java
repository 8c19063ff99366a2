package dev.gateway.bench.apps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The application of bench/run.sh's streaming scenarios, one path per scenario:
 * <ul>
 *   <li>{@code /file}: the file named by the environment variable {@code GATEWAY_BENCH_FILE} as a
 *       {@link FileBody} (the server may send it with zero copy);</li>
 *   <li>{@code /stream?bytes=N&chunk=M}: the test app {@code Stream} (iterable chunks, chunked coding);</li>
 *   <li>{@code /drain}: reads the request body to its end and answers {@code {"bytes": N}}, so an
 *       upload measures the server and not a digest;</li>
 *   <li>{@code /upload}: the test app {@code Upload} (the body through SHA-256).</li>
 * </ul>
 */
public final class StreamingBench implements Application {

    private final Application stream = new Stream();
    private final Application upload = new Upload();

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return switch (environ.pathInfo()) {
            case "/file" -> file(startResponse);
            case "/stream" -> stream.call(environ, startResponse);
            case "/drain" -> drain(environ, startResponse);
            case "/upload" -> upload.call(environ, startResponse);
            default -> {
                startResponse.start("404 Not Found", List.of(Header.of("Content-Type", "text/plain")));
                yield Body.of("no such scenario\n");
            }
        };
    }

    private static Iterable<byte[]> file(StartResponse startResponse) throws IOException {
        String name = System.getenv("GATEWAY_BENCH_FILE");
        if (name == null || name.isEmpty()) {
            throw new IllegalStateException("GATEWAY_BENCH_FILE is not set");
        }
        FileBody body = FileBody.open(Path.of(name));
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
        return body;
    }

    private static Iterable<byte[]> drain(Environ environ, StartResponse startResponse) throws IOException {
        InputStream input = environ.input();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = input.read(buffer)) >= 0) {
            total += n;
        }
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/json")));
        return Body.of("{\"bytes\": " + total + "}");
    }
}
