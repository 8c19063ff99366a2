package dev.gateway.examples;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Serves the files of one folder through {@link FileBody}, which the server sends with zero copy
 * (the kernel moves the bytes; they never enter the JVM heap). Supports a single byte range
 * ({@code Range: bytes=0-99}, RFC 9110 section 14) with {@code 206 Partial Content}.
 *
 * <p>The folder is the system property {@code examples.files.root}, or the working directory.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.FileDownload
 * curl -r 0-99 http://127.0.0.1:8000/README.md</pre>
 */
public final class FileDownload implements Application {

    private final Path root;

    /** Serves {@code examples.files.root}, or the working directory. */
    public FileDownload() {
        this(Path.of(System.getProperty("examples.files.root", ".")));
    }

    /** Serves the files under {@code root}. */
    public FileDownload(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException {
        Path file = root.resolve(environ.pathInfo().replaceFirst("^/+", "")).normalize();
        // Never serve outside the root: "/../etc/passwd" normalizes to a path that does not start with it.
        if (!file.startsWith(root) || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            return text(startResponse, "404 Not Found", "not found\n");
        }
        long size = Files.size(file);
        ByteRange range = ByteRange.parse(environ.header("Range"), size);
        if (range == ByteRange.UNSATISFIABLE) {
            startResponse.start("416 Range Not Satisfiable", List.of(Header.of("Content-Range", "bytes */" + size)));
            return Body.empty();
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        List<Header> headers = List.of(
                Header.of("Content-Type", contentType(file)),
                Header.of("Accept-Ranges", "bytes"),
                Header.of("Content-Length", Long.toString(range == null ? size : range.length())));
        if (range == null) {
            startResponse.start("200 OK", headers);
            return new FileBody(channel, 0, size, FileBody.DEFAULT_BLOCK_SIZE);
        }
        startResponse.start("206 Partial Content", append(headers,
                Header.of("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size)));
        return new FileBody(channel, range.first(), range.length(), FileBody.DEFAULT_BLOCK_SIZE);
    }

    private static Iterable<byte[]> text(StartResponse startResponse, String status, String text) {
        startResponse.start(status, List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(text);
    }

    private static List<Header> append(List<Header> headers, Header extra) {
        var all = new java.util.ArrayList<>(headers);
        all.add(extra);
        return all;
    }

    private static String contentType(Path file) {
        try {
            String probed = Files.probeContentType(file);
            return probed != null ? probed : "application/octet-stream";
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    /**
     * One byte range of a file of known size, from a {@code Range} header (RFC 9110 section 14.1.2):
     * {@code bytes=FIRST-LAST}, {@code bytes=FIRST-} or {@code bytes=-SUFFIX}. Several ranges, other
     * units or syntax errors mean "no range": the whole file is sent, as the RFC allows.
     */
    record ByteRange(long first, long last) {

        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        long length() {
            return last - first + 1;
        }

        /** The range, null for "send everything", or {@link #UNSATISFIABLE}. */
        static ByteRange parse(String header, long size) {
            if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
                return null;
            }
            String spec = header.substring("bytes=".length()).trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            try {
                String from = spec.substring(0, dash).trim();
                String to = spec.substring(dash + 1).trim();
                if (from.isEmpty()) {
                    long suffix = Long.parseLong(to);
                    return suffix <= 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
                }
                long first = Long.parseLong(from);
                long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
                if (first >= size) {
                    return UNSATISFIABLE;
                }
                return first <= last ? new ByteRange(first, last) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
