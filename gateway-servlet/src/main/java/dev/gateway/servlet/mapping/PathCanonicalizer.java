package dev.gateway.servlet.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Turns the request path into the canonical path that mapping uses, as Jakarta Servlet 6.1 section 3.5.2
 * "URI Path Canonicalization" requires: path parameters ({@code ;name=value}) removed from every
 * segment, empty segments merged, {@code .} and {@code ..} segments resolved, and the bytes decoded as
 * UTF-8 (Tomcat's default {@code URIEncoding}). A path that would climb above the context root, an
 * encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}), a NUL, or bytes that are not UTF-8 are
 * rejected (section 3.5.2 lets the container reject them; Tomcat 11 answers 400, which the caller does).
 */
public final class PathCanonicalizer {

    /** The path cannot be canonicalized: the request is answered 400 Bad Request. */
    public static final class BadPathException extends Exception {
        BadPathException(String message) {
            super(message);
        }
    }

    private PathCanonicalizer() {
    }

    /**
     * The canonical form of {@code path}.
     *
     * @param path    the percent-decoded path whose chars stand for bytes ({@code PATH_INFO}); {@code ""} or
     *                starting with {@code /}
     * @param rawPath the path as received, not decoded: used to refuse encoded separators
     * @return the canonical path, {@code ""} when {@code path} is empty
     */
    public static String canonicalize(String path, String rawPath) throws BadPathException {
        if (rawPath.indexOf('%') >= 0) {
            String raw = rawPath.toUpperCase(Locale.ROOT);
            if (raw.contains("%2F") || raw.contains("%5C") || raw.contains("%00")) {
                throw new BadPathException("encoded separator or NUL in the path");
            }
        }
        if (path.indexOf('\0') >= 0) {
            throw new BadPathException("encoded separator or NUL in the path");
        }
        if (path.isEmpty()) {
            return "";
        }
        if (!path.startsWith("/")) {
            throw new BadPathException("the path does not start with /");
        }
        String resolved = resolveSegments(path);
        return decodeUtf8(resolved);
    }

    /** Removes path parameters, merges empty segments and resolves dot segments. */
    static String resolveSegments(String path) throws BadPathException {
        if (path.indexOf(';') < 0 && !path.contains("//") && !path.contains("/.")) {
            return path; // the common case: nothing to remove, merge or resolve
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = withoutParameters(parts[i]);
            boolean last = i == parts.length - 1;
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new BadPathException("the path climbs above the context root");
                }
                segments.removeLast();
                if (last) {
                    segments.addLast("");
                }
            } else if (segment.equals(".") || segment.isEmpty() && !last) {
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUtf8(String bytes) throws BadPathException {
        if (isAscii(bytes)) {
            return bytes;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("the path is not UTF-8");
        }
    }
}
