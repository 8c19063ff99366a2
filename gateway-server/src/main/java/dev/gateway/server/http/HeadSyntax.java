package dev.gateway.server.http;

import dev.gateway.server.config.HeaderValues;
import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import java.util.Locale;

/**
 * The byte-level rules of a request head (RFC 9112 sections 3 and 5, RFC 9110 section 5), as pure
 * functions over a line of a {@link ByteBuf}. They throw {@link BadRequestException} naming the
 * rule that failed. Table look-ups only: no regex, no copy until a part is accepted.
 */
final class HeadSyntax {

    private HeadSyntax() {
    }

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    /** A request line split into its three parts. */
    record RequestLine(HttpMethod method, String target, HttpVersion version) {
    }

    /**
     * RFC 9112 section 3: {@code method SP request-target SP HTTP-version}, split at the first two
     * spaces exactly as Gunicorn does, so a target with a space makes the version invalid.
     */
    static RequestLine requestLine(ByteBuf buf, int start, int end, HttpRules rules) {
        int firstSpace = buf.indexOf(start, end, SP);
        int secondSpace = firstSpace < 0 ? -1 : buf.indexOf(firstSpace + 1, end, SP);
        if (secondSpace < 0) {
            throw new BadRequestException(Kind.INVALID_REQUEST_LINE, "not three parts: " + text(buf, start, end));
        }
        String method = method(buf, start, firstSpace, rules);
        String target = target(buf, firstSpace + 1, secondSpace, method);
        HttpVersion version = version(buf, secondSpace + 1, end);
        return new RequestLine(HttpMethod.valueOf(method), target, version);
    }

    /**
     * RFC 9110 section 9.1: a method is a token. Unless {@code permit_unconventional_http_method},
     * also 3 to 20 characters without lower case or {@code #}, as Gunicorn requires.
     */
    private static String method(ByteBuf buf, int start, int end, HttpRules rules) {
        int length = end - start;
        if (!rules.permitUnconventionalHttpMethod()) {
            if (length < 3 || length > 20) {
                throw new BadRequestException(Kind.INVALID_REQUEST_METHOD, text(buf, start, end));
            }
            for (int i = start; i < end; i++) {
                byte b = buf.getByte(i);
                if (b >= 'a' && b <= 'z' || b == '#') {
                    throw new BadRequestException(Kind.INVALID_REQUEST_METHOD, text(buf, start, end));
                }
            }
        }
        if (!isToken(buf, start, end)) {
            throw new BadRequestException(Kind.INVALID_REQUEST_METHOD, text(buf, start, end));
        }
        String method = text(buf, start, end);
        return rules.casefoldHttpMethod() ? method.toUpperCase(Locale.ROOT) : method;
    }

    /**
     * RFC 9112 section 3.2: origin-form ({@code /path}), absolute-form ({@code http://host/path}),
     * authority-form ({@code host:port}, CONNECT only) or asterisk-form ({@code *}, OPTIONS only).
     * Control characters are never part of a target. Bytes above 0x7F are kept (as Gunicorn does).
     */
    private static String target(ByteBuf buf, int start, int end, String method) {
        if (start == end) {
            throw new BadRequestException(Kind.INVALID_REQUEST_LINE, "empty request target");
        }
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (b >= 0 && b < 0x20 || b == 0x7F) {
                throw new BadRequestException(Kind.INVALID_REQUEST_LINE, "control character in the request target");
            }
        }
        String target = text(buf, start, end);
        boolean valid;
        if (method.equals("CONNECT")) {
            valid = isAuthority(target, true);
        } else if (target.equals("*")) {
            valid = method.equals("OPTIONS");
        } else if (target.charAt(0) == '/') {
            valid = true;
        } else {
            valid = isAbsoluteForm(target);
        }
        if (!valid) {
            throw new BadRequestException(Kind.INVALID_REQUEST_LINE, "request target not allowed here: " + target);
        }
        return target;
    }

    /** RFC 3986 section 3: {@code scheme "://" authority [path-abempty] [? query]}. */
    private static boolean isAbsoluteForm(String target) {
        int colon = target.indexOf("://");
        if (colon <= 0 || !Character.isLetter(target.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = target.charAt(i);
            if (!(c < 0x80 && Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        int authorityStart = colon + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = target.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        return isAuthority(at >= 0 ? authority.substring(at + 1) : authority, false);
    }

    /** {@code host [":" port]}, host possibly a bracketed IPv6 literal (RFC 3986 section 3.2.2). */
    private static boolean isAuthority(String authority, boolean portRequired) {
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return false;
            }
            String rest = authority.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.charAt(0) == ':') {
                port = rest.substring(1);
            } else {
                return false;
            }
        } else {
            if (authority.indexOf('[') >= 0 || authority.indexOf(']') >= 0 || authority.indexOf('/') >= 0) {
                return false;
            }
            int colon = authority.lastIndexOf(':');
            if (colon == 0) {
                return false;
            }
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (port == null) {
            return !portRequired && !authority.isEmpty();
        }
        if (port.isEmpty() && portRequired || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 9112 section 2.3: {@code HTTP/DIGIT.DIGIT}. Only major version 1 is spoken here; a higher
     * 1.x minor is answered as 1.1 (RFC 9110 section 2.5).
     */
    private static HttpVersion version(ByteBuf buf, int start, int end) {
        if (end - start != 8 || !text(buf, start, start + 5).equals("HTTP/") || buf.getByte(start + 6) != '.'
                || !isDigit(buf.getByte(start + 5)) || !isDigit(buf.getByte(start + 7))) {
            throw new BadRequestException(Kind.INVALID_HTTP_VERSION, text(buf, start, end));
        }
        if (buf.getByte(start + 5) != '1') {
            throw new BadRequestException(Kind.INVALID_HTTP_VERSION, text(buf, start, end));
        }
        return buf.getByte(start + 7) == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    /** A header field's name, checked (RFC 9110 section 5.1: a token; RFC 9112 section 5.1: no space before the colon). */
    static String fieldName(ByteBuf buf, int start, int colon, HttpRules rules) {
        int end = colon;
        if (rules.stripHeaderSpaces()) {
            while (end > start && isWhitespace(buf.getByte(end - 1))) {
                end--;
            }
        }
        if (end == start || !isToken(buf, start, end)) {
            throw new BadRequestException(Kind.INVALID_HEADER_NAME, text(buf, start, colon));
        }
        return FieldNames.of(buf, start, end);
    }

    /**
     * A field value without its surrounding spaces and tabs (RFC 9112 section 5.1). RFC 9110 section
     * 5.5: a value is visible characters, obs-text, SP and HTAB; any other control character (NUL, a
     * bare CR or LF, BEL, DEL, ...) makes the request invalid.
     */
    static String fieldValue(ByteBuf buf, int start, int end, String name) {
        while (start < end && isWhitespace(buf.getByte(start))) {
            start++;
        }
        while (end > start && isWhitespace(buf.getByte(end - 1))) {
            end--;
        }
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (b >= 0 && b < 0x20 && b != HTAB || b == 0x7F) {
                throw new BadRequestException(Kind.INVALID_HEADER, "control character in the value of " + name);
            }
        }
        return text(buf, start, end);
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** True when the byte is a tchar (RFC 9110 section 5.6.2), a character a token may hold. */
    static boolean isTchar(byte b) {
        return HeaderValues.isTchar(b);
    }

    static boolean isToken(ByteBuf buf, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isTchar(buf.getByte(i))) {
                return false;
            }
        }
        return end > start;
    }

    /** True when {@code text} is a non-empty token (RFC 9110 section 5.6.2), e.g. a field name. */
    static boolean isToken(String text) {
        return HeaderValues.isToken(text);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Bytes as chars one to one (ISO-8859-1), as the environ carries them. */
    static String text(ByteBuf buf, int start, int end) {
        return buf.toString(start, end - start, CharsetUtil.ISO_8859_1);
    }
}
