package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
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

    /** True when {@code peer} is listed in {@code forwarded_allow_ips} ({@code *} lists everyone). */
    static boolean trusted(SocketAddress peer, List<String> allowed) {
        if (allowed.contains("*")) {
            return true;
        }
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        byte[] address = inet.getAddress().getAddress();
        for (String entry : allowed) {
            byte[] candidate = NetUtil.createByteArrayFromIpAddressString(entry.strip());
            if (candidate != null && Arrays.equals(candidate, address)) {
                return true;
            }
        }
        return false;
    }
}
