package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Answers with what identifies its request: {@code METHOD PATH?QUERY BYTES SHA256} of the body it
 * read, so a client that pipelines many requests can tell a swapped or misframed response from the
 * right one. Query {@code pieces=N} (at most 64) sends that line in N pieces with no Content-Length,
 * so the response is chunked; otherwise it is one piece with a known length.
 */
public final class BodyDigest implements Application {

    /** What a body was: its length and its SHA-256 in hex. */
    record Digest(long bytes, String sha256) {
    }

    /** Reads {@code input} to its end, 64 KiB at a time, through SHA-256. */
    static Digest read(InputStream input) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = input.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return new Digest(total, HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException, NoSuchAlgorithmException {
        Digest body = read(environ.input());
        String query = environ.queryString().isEmpty() ? "" : "?" + environ.queryString();
        byte[] line = (environ.requestMethod() + " " + environ.pathInfo() + query + " " + body.bytes() + " "
                + body.sha256() + "\n").getBytes(StandardCharsets.UTF_8);
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain; charset=utf-8")));
        int pieces = (int) Math.max(1, Math.min(64, Query.number(environ, "pieces", 1)));
        return pieces == 1 ? Body.of(line) : split(line, pieces);
    }

    /** The line cut into {@code pieces} parts, as an iterable that is not a Collection (so: chunked). */
    private static Iterable<byte[]> split(byte[] line, int pieces) {
        List<byte[]> parts = new ArrayList<>(pieces);
        int step = Math.max(1, line.length / pieces);
        for (int from = 0; from < line.length; from += step) {
            parts.add(java.util.Arrays.copyOfRange(line, from, Math.min(line.length, from + step)));
        }
        return parts::iterator;
    }
}
