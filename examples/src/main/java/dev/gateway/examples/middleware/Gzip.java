package dev.gateway.examples.middleware;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses responses for clients that accept gzip, chunk by chunk, without buffering the whole
 * body: each input chunk yields the compressed bytes available so far ({@code SYNC_FLUSH}), so a
 * streamed response stays streamed. It drops the application's {@code Content-Length} (the length
 * changes) and adds {@code Content-Encoding} and {@code Vary}.
 */
public final class Gzip extends Middleware {

    public Gzip(Application next) {
        super(next);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String accept = environ.header("Accept-Encoding");
        if (accept == null || !accept.contains("gzip")) {
            return next().call(environ, startResponse);
        }
        boolean[] compress = {false};
        Iterable<byte[]> body = next().call(environ, (status, headers, excInfo) -> {
            compress[0] = !hasHeader(headers, "Content-Encoding") && !status.startsWith("204") && !status.startsWith("304");
            return startResponse.start(status, compress[0] ? gzipHeaders(headers) : headers, excInfo);
        });
        if (!compress[0]) {
            return body;
        }
        return Body.onClose(() -> new Compressing(body.iterator()), () -> Closing.close(body));
    }

    private static boolean hasHeader(List<Header> headers, String name) {
        return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(name));
    }

    private static List<Header> gzipHeaders(List<Header> headers) {
        List<Header> out = new ArrayList<>();
        for (Header header : headers) {
            if (!header.name().equalsIgnoreCase("Content-Length")) {
                out.add(header);
            }
        }
        out.add(Header.of("Content-Encoding", "gzip"));
        out.add(Header.of("Vary", "Accept-Encoding"));
        return out;
    }

    /** Compresses the chunks of an iterator, then yields the gzip trailer. */
    private static final class Compressing implements Iterator<byte[]> {
        private final Iterator<byte[]> source;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;
        private boolean finished;

        Compressing(Iterator<byte[]> source) {
            this.source = source;
            try {
                this.gzip = new GZIPOutputStream(buffer, 8192, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return !finished;
        }

        @Override
        public byte[] next() {
            if (finished) {
                throw new NoSuchElementException();
            }
            try {
                if (source.hasNext()) {
                    gzip.write(source.next());
                    gzip.flush();
                } else {
                    gzip.finish();
                    finished = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] out = buffer.toByteArray();
            buffer.reset();
            return out;
        }
    }
}
