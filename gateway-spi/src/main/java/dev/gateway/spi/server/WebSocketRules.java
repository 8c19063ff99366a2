package dev.gateway.spi.server;

import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket checks every server of this SPI applies to what an application passes to
 * {@code accept()} and {@code close()} (docs/spec.md, WS-3, WS-4, WS-6), and the parsing of the
 * handshake's subprotocol list. Each check returns {@code null} when the input is fine, else a
 * one-line description of the problem.
 */
public final class WebSocketRules {

    private WebSocketRules() {
    }

    /** RFC 6455 section 5.5: a control frame's payload is at most 125 bytes. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    /** The close reason leaves two of the 125 bytes to the code. */
    public static final int MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

    /**
     * RFC 6455 section 7.4: the codes an endpoint may send. 1004 is reserved, 1005 and 1006 only report
     * what happened, 1015 is TLS's; 1000-2999 outside those are the protocol's (1012-1014 registered
     * with IANA since), 3000-4999 libraries' and applications'.
     */
    public static boolean isSendableCloseCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /** WS-6: {@code code} and {@code reason} may go in a close frame. */
    public static String checkClose(int code, String reason) {
        if (!isSendableCloseCode(code)) {
            return "close code " + code + " may not be sent (RFC 6455 section 7.4: 1000-1003, 1007-1014, 3000-4999)";
        }
        if (reason == null) {
            return "close reason is null; use \"\"";
        }
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CLOSE_REASON_BYTES) {
            return "close reason is " + bytes + " UTF-8 bytes; at most " + MAX_CLOSE_REASON_BYTES + " fit in a close frame";
        }
        return null;
    }

    /** WS-6: a ping's payload fits in a control frame. */
    public static String checkPing(byte[] data) {
        if (data == null) {
            return "ping data is null";
        }
        return data.length > MAX_CONTROL_PAYLOAD ? "ping data is " + data.length + " bytes; at most 125 fit in a control frame" : null;
    }

    /** WS-3: the subprotocol chosen is null or one the client offered (RFC 6455 section 4.2.2, /subprotocol/). */
    public static String checkSubprotocol(List<String> offered, String chosen) {
        if (chosen == null || offered.contains(chosen)) {
            return null;
        }
        return "subprotocol " + ResponseRules.quote(chosen) + " was not offered (offered: " + offered + ")";
    }

    /** WS-4: an extra header of the 101 answer follows the header rules and is not the handshake's own. */
    public static String checkAcceptHeader(Header header) {
        String problem = ResponseRules.checkHeader(header);
        if (problem != null) {
            return problem;
        }
        if (header.name().toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
            return "header " + ResponseRules.quote(header.name()) + " belongs to the handshake; the server sets it";
        }
        return null;
    }

    /** WS-3 and WS-4 together: what a server checks of an {@code accept()} before it answers 101. */
    public static String checkAccept(List<String> offered, String subprotocol, List<Header> headers) {
        String problem = checkSubprotocol(offered, subprotocol);
        if (problem == null && headers == null) {
            problem = "headers is null; pass List.of() for none";
        }
        for (int i = 0; problem == null && i < headers.size(); i++) {
            problem = headers.get(i) == null ? "headers contains null" : checkAcceptHeader(headers.get(i));
        }
        return problem;
    }

    /** The tokens of {@code Sec-WebSocket-Protocol} values (RFC 6455 section 11.3.4), in order, without repeats. */
    public static List<String> subprotocols(List<String> headerValues) {
        List<String> protocols = new ArrayList<>();
        for (String value : headerValues) {
            for (String token : value.split(",")) {
                String protocol = token.strip();
                if (!protocol.isEmpty() && !protocols.contains(protocol)) {
                    protocols.add(protocol);
                }
            }
        }
        return List.copyOf(protocols);
    }
}
