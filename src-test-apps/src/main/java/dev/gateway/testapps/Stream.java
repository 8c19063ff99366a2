package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Query {@code bytes=N&chunk=M} (defaults 1 MiB and 64 KiB): yields N bytes in M-byte chunks with no
 * Content-Length, so the server frames it with chunked coding (HTTP/1.1) or a close (HTTP/1.0). Byte
 * {@code i} of the body is {@code 'a' + i % 26}, so a client can check every byte.
 */
public final class Stream implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        long total = Query.number(environ, "bytes", 1 << 20);
        int chunk = (int) Math.max(1, Math.min(Query.number(environ, "chunk", 64 * 1024), 16 << 20));
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
        return () -> new Iterator<>() {
            private long sent;

            @Override
            public boolean hasNext() {
                return sent < total;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] bytes = new byte[(int) Math.min(chunk, total - sent)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ('a' + (sent + i) % 26);
                }
                sent += bytes.length;
                return bytes;
            }
        };
    }
}
