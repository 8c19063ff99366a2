package dev.gateway.servlet.response;

import dev.gateway.spi.Header;
import dev.gateway.spi.server.ResponseRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the application's headers fit the gateway contract before {@code start()} (docs/spec.md
 * HEADER-1 to HEADER-3), the way Tomcat 11 writes them: a control character (but tab) or a char above
 * U+00FF in a value becomes a space (Tomcat's {@code Http11OutputBuffer}); a header whose name is no
 * token, and a hop-by-hop header ({@code Connection}, {@code Transfer-Encoding}, ...: the server owns
 * the connection and its framing), is dropped.
 */
final class HeaderSanitizer {

    private HeaderSanitizer() {
    }

    static List<Header> sanitize(List<Header> headers) {
        List<Header> clean = new ArrayList<>(headers.size());
        for (Header header : headers) {
            if (ResponseRules.checkHeaderName(header.name()) != null || ResponseRules.isHopByHop(header.name())) {
                continue;
            }
            clean.add(new Header(header.name(), value(header.value())));
        }
        return clean;
    }

    static String value(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
                return replaceInvalid(value);
            }
        }
        return value;
    }

    private static String replaceInvalid(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            clean.append(c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF ? ' ' : c);
        }
        return clean.toString();
    }
}
