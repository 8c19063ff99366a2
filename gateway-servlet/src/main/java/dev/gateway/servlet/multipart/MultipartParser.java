package dev.gateway.servlet.multipart;

import dev.gateway.servlet.http.ClientErrorException;
import jakarta.servlet.MultipartConfigElement;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1.1) into parts, as it
 * streams: each part's content goes to memory or to a temporary file as it arrives
 * ({@link PartContent}), within the servlet's MultipartConfig limits.
 */
final class MultipartParser {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final MultipartLimits limits;

    MultipartParser(MultipartConfigElement config) {
        this.limits = new MultipartLimits(config);
    }

    /**
     * Parses {@code body}, whose boundary is {@code boundary}.
     *
     * @throws ClientErrorException for a malformed body (400) or one over the limits (413)
     */
    List<GatewayPart> parse(InputStream body, String boundary) throws IOException {
        // The first delimiter has no CRLF before it: one is put in front, so every delimiter is CRLF--boundary.
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}),
                new BufferedInputStream(new Counting(body, limits), 8192));
        DelimiterSearch search = new DelimiterSearch(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        if (!search.copyUntilDelimiter(in, null)) {
            throw new ClientErrorException(400, "the multipart body has no boundary line");
        }
        List<GatewayPart> parts = new ArrayList<>();
        while (!lastDelimiter(in)) {
            parts.add(readPart(in, search));
        }
        return parts;
    }

    /** After a delimiter: {@code --} ends the body, else the rest of the line (transport padding) is skipped. */
    private static boolean lastDelimiter(InputStream in) throws IOException {
        int first = in.read();
        if (first == '-' && in.read() == '-') {
            return true;
        }
        for (int c = first; c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new ClientErrorException(400, "the multipart body ends inside a delimiter line");
            }
        }
        return false;
    }

    private GatewayPart readPart(InputStream in, DelimiterSearch search) throws IOException {
        Map<String, List<String>> headers = readHeaders(in);
        String disposition = headers.containsKey("content-disposition") ? headers.get("content-disposition").get(0) : "";
        Map<String, String> parameters = DispositionParameters.parse(disposition);
        PartContent content = new PartContent(limits);
        try (content) {
            if (!search.copyUntilDelimiter(in, content)) {
                throw new ClientErrorException(400, "the multipart body ends inside a part");
            }
        }
        return new GatewayPart(headers, parameters.get("name"), parameters.get("filename"), content, limits.location());
    }

    /** The part's header lines up to the empty line, by lower-case name. */
    private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine(in);
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new ClientErrorException(400, "the headers of a part are too large");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
    }

    /** One CRLF-ended line; header bytes are UTF-8 (RFC 7578 section 5.1.3: file names may be UTF-8). */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new ClientErrorException(400, "the multipart body ends inside the headers of a part");
            }
            if (c != '\r') {
                line.write(c);
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new ClientErrorException(400, "a header line of a part is too long");
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Counts the bytes of the request body against maxRequestSize. */
    private static final class Counting extends FilterInputStream {
        private final MultipartLimits limits;

        Counting(InputStream in, MultipartLimits limits) {
            super(in);
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                limits.count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                limits.count(n);
            }
            return n;
        }
    }
}
