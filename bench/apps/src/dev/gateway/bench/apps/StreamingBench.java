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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The application of bench/run.sh's streaming scenarios, one path per scenario:
 * <ul>
 *   <li>{@code /file}: the file named by the environment variable {@code GATEWAY_BENCH_FILE} as a
 *       {@link FileBody} (the server may send it with zero copy);</li>
 *   <li>{@code /stream?bytes=N&chunk=M}: the test app {@code Stream} (iterable chunks, chunked coding),
 *       which computes every byte of every chunk;</li>
 *   <li>{@code /chunks?bytes=N&chunk=M}: the same framing from one array filled once and yielded
 *       again and again (the server is done with a chunk when it asks for the next), so that the
 *       transfer measures the server rather than the application;</li>
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
            case "/chunks" -> chunks(environ, startResponse);
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

    private static Iterable<byte[]> chunks(Environ environ, StartResponse startResponse) {
        long total = number(environ, "bytes", 1 << 20);
        byte[] chunk = new byte[(int) number(environ, "chunk", 64 * 1024)];
        Arrays.fill(chunk, (byte) 'x');
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
        long count = total / chunk.length;
        return () -> new Iterator<>() {
            private long sent;

            @Override
            public boolean hasNext() {
                return sent < count;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                sent++;
                return chunk;
            }
        };
    }

    /** The query parameter {@code name} as a positive number, else {@code fallback}. */
    private static long number(Environ environ, String name, long fallback) {
        for (String pair : environ.queryString().split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return fallback;
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
