package dev.gateway.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.x client over one socket that sends exactly the bytes it is given and reads responses by
 * their framing (RFC 9112 section 6.3): what the JDK's client cannot send (HTTP/1.0, HEAD, chunked
 * uploads, Expect) or hides (interim responses, the framing headers, a truncated body).
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response (an interim 1xx one included) to a request that was not HEAD. */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head}: it answers a HEAD request, so it has no body whatever it says. */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        List<String[]> headers = new ArrayList<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
        Response response = new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0], true);
        int status = response.status();
        if (head || status < 200 || status == 204 || status == 304) {
            return response;
        }
        return response.withBody(body(response));
    }

    /** The response body per its framing; {@code complete} false when the connection ended early. */
    private Body body(Response response) throws IOException {
        String length = response.header("Content-Length");
        if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
            return chunked();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (length != null) {
            long remaining = Long.parseLong(length);
            byte[] buffer = new byte[65536];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    return new Body(body.toByteArray(), false);
                }
                body.write(buffer, 0, n);
                remaining -= n;
            }
            return new Body(body.toByteArray(), true);
        }
        in.transferTo(body);
        return new Body(body.toByteArray(), true);
    }

    private Body chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                return new Body(body.toByteArray(), false);
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used here
                }
                return new Body(body.toByteArray(), true);
            }
            byte[] chunk = in.readNBytes(size);
            body.write(chunk);
            if (chunk.length < size || line() == null) {
                return new Body(body.toByteArray(), false);
            }
        }
    }

    /** True when the server closed the connection (the next read sees the end). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private record Body(byte[] bytes, boolean complete) {
    }

    /** A response as received: status, reason phrase, headers in order, body, and whether the body was whole. */
    record Response(int status, String reason, List<String[]> headers, byte[] body, boolean complete) {

        Response withBody(Body body) {
            return new Response(status, reason, headers, body.bytes(), body.complete());
        }

        /** The first value of header {@code name} (any case), or null. */
        String header(String name) {
            for (String[] header : headers) {
                if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return header[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
