package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The URL scheme a trusted proxy reports through {@code X-Forwarded-Proto} and its cousins, with
 * Gunicorn's defaults for {@code secure_scheme_headers}: a header that has its "secure" value means
 * https, any other value means http, and two headers that disagree make the request invalid
 * (Gunicorn's InvalidSchemeHeaders), since one of them was forged.
 */
final class SchemeHeaders {

    /** Gunicorn's default {@code secure_scheme_headers}: header name, value meaning https. */
    private static final Map<String, String> SECURE = Map.of(
            "X-Forwarded-Protocol", "ssl",
            "X-Forwarded-Proto", "https",
            "X-Forwarded-Ssl", "on");

    private SchemeHeaders() {
    }

    /** The scheme the headers announce, or {@code fallback} when none is present. */
    static String scheme(HttpHeaders headers, String fallback) {
        String scheme = null;
        for (Map.Entry<String, String> secure : SECURE.entrySet()) {
            for (String value : headers.getAll(secure.getKey())) {
                String announced = value.equals(secure.getValue()) ? "https" : "http";
                if (scheme != null && !scheme.equals(announced)) {
                    throw new BadRequestException(Kind.INVALID_SCHEME_HEADERS, "scheme headers disagree");
                }
                scheme = announced;
            }
        }
        return scheme == null ? fallback : scheme;
    }

    /**
     * True when {@code peer} is listed in {@code forwarded_allow_ips}: an address, a CIDR range
     * ({@code 10.0.0.0/8}, {@code fd00::/8}) or {@code *} for everyone. A peer on a Unix socket is
     * always trusted, as in Gunicorn: only a local process (the proxy) can reach it.
     */
    static boolean trusted(SocketAddress peer, List<String> allowed) {
        if (allowed.contains("*")) {
            return true;
        }
        if (!(peer instanceof InetSocketAddress inet)) {
            return peer != null;
        }
        if (inet.getAddress() == null) {
            return false;
        }
        byte[] address = inet.getAddress().getAddress();
        for (String entry : allowed) {
            if (matches(address, entry.strip())) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code entry} is a valid address or CIDR range (the setting's validator). */
    static boolean isAddressOrRange(String entry) {
        return entry.equals("*") || parse(entry) != null;
    }

    private static boolean matches(byte[] address, String entry) {
        Range range = parse(entry);
        if (range == null || range.network().length != address.length) {
            return false;
        }
        for (int bit = 0; bit < range.prefix(); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (range.network()[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ADDRESS} (a full-length prefix) or {@code ADDRESS/PREFIX}; null when malformed. */
    private static Range parse(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            return null;
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                return null;
            }
        }
        return new Range(network, prefix);
    }

    private record Range(byte[] network, int prefix) {
    }
}
