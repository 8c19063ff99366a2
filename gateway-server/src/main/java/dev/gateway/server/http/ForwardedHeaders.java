package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import dev.gateway.server.config.AddressRanges;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trusted proxy (a peer in {@code forwarded_allow_ips}) says about the request it passes on:
 * the scheme the client used ({@code secure_scheme_headers}, Gunicorn's rule), the client's address
 * ({@code X-Forwarded-For}), the host it asked for ({@code X-Forwarded-Host}) and, when
 * {@code forwarder_headers} lets it, the path it mounts the application at ({@code SCRIPT_NAME}).
 * From any other peer these headers are only headers: anyone can send them.
 */
final class ForwardedHeaders {

    /** The request as the client made it: its scheme, and the address, host and mount point a proxy reported (null: none). */
    record Forwarded(String scheme, String clientAddress, String host, String scriptName) {
    }

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_HOST = "X-Forwarded-Host";
    // Header names as AsciiStrings, which keep their case-insensitive hash: each request from a
    // trusted proxy looks up all of them, and a String name is hashed anew on every lookup.
    private static final AsciiString FORWARDED_FOR_NAME = AsciiString.cached(FORWARDED_FOR);
    private static final AsciiString FORWARDED_HOST_NAME = AsciiString.cached(FORWARDED_HOST);
    private static final AsciiString SCRIPT_NAME_NAME = AsciiString.cached(HttpRules.SCRIPT_NAME_HEADER);

    /** A {@code secure_scheme_headers} entry: the header, and its value that means https. */
    private record SecureSchemeHeader(AsciiString name, String secureValue) {
    }

    private final AddressRanges trusted;
    private final List<SecureSchemeHeader> secureSchemeHeaders = new ArrayList<>();
    private final boolean scriptNameForwarded;

    ForwardedHeaders(HttpRules rules) {
        this.trusted = rules.forwardedAllowIps();
        rules.secureSchemeHeaders().forEach((name, value) -> secureSchemeHeaders.add(new SecureSchemeHeader(AsciiString.cached(name), value)));
        this.scriptNameForwarded = rules.isForwarderHeader(HttpRules.SCRIPT_NAME_HEADER);
    }

    /**
     * Reads the headers of a request that came from {@code peer} on a listener of scheme
     * {@code listenerScheme}; throws when a trusted proxy's headers contradict each other.
     */
    Forwarded read(HttpHeaders headers, SocketAddress peer, String listenerScheme) {
        if (!trusted.contains(peer)) {
            return new Forwarded(listenerScheme, null, null, null);
        }
        return new Forwarded(scheme(headers, listenerScheme), client(headers), host(headers),
                scriptNameForwarded ? scriptName(headers) : null);
    }

    /**
     * A header with its "secure" value means https, any other value http; two headers that disagree
     * make the request invalid (Gunicorn's InvalidSchemeHeaders), since one of them was forged.
     */
    private String scheme(HttpHeaders headers, String fallback) {
        String scheme = null;
        for (SecureSchemeHeader secure : secureSchemeHeaders) {
            if (!headers.contains(secure.name())) {
                continue; // the usual case, checked without building a list of values
            }
            for (String value : headers.getAll(secure.name())) {
                String announced = value.equals(secure.secureValue()) ? "https" : "http";
                if (scheme != null && !scheme.equals(announced)) {
                    throw new BadRequestException(Kind.INVALID_SCHEME_HEADERS, "scheme headers disagree");
                }
                scheme = announced;
            }
        }
        return scheme == null ? fallback : scheme;
    }

    /**
     * The client, read from the right of {@code X-Forwarded-For}: each proxy appends the address it
     * got the request from, so the rightmost hop that is not itself a trusted proxy is the client;
     * what lies left of it the client wrote and is not believed. A hop that is not an address
     * (RFC 7239's "unknown", garbage) ends the walk. Null when no hop is usable.
     */
    private String client(HttpHeaders headers) {
        List<String> hops = listItems(headers.getAll(FORWARDED_FOR_NAME));
        String client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = address(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * The mount point a proxy gives with {@code SCRIPT_NAME: /app} (Gunicorn's forwarder header). It
     * must be what the environ allows (docs/spec.md ENV-5): empty, or a path without a final slash.
     */
    private static String scriptName(HttpHeaders headers) {
        String value = headers.get(SCRIPT_NAME_NAME);
        if (value == null) {
            return null;
        }
        if (!value.isEmpty() && (!value.startsWith("/") || value.endsWith("/"))) {
            throw new BadRequestException(Kind.INVALID_HEADER, "invalid SCRIPT_NAME from the proxy");
        }
        return value;
    }

    /**
     * The host the client asked the nearest proxy for: the last item of {@code X-Forwarded-Host}.
     * It must be a valid Host value (RFC 9112 section 3.2), since it becomes {@code HTTP_HOST}.
     */
    private static String host(HttpHeaders headers) {
        List<String> hosts = listItems(headers.getAll(FORWARDED_HOST_NAME));
        if (hosts.isEmpty()) {
            return null;
        }
        String host = hosts.get(hosts.size() - 1);
        if (!HostHeader.isValid(host)) {
            throw new BadRequestException(Kind.INVALID_HEADER, "invalid X-Forwarded-Host");
        }
        return host;
    }

    /** RFC 9110 section 5.3: repeated list fields are one comma-separated list, in order. */
    private static List<String> listItems(List<String> values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                String trimmed = item.strip();
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        }
        return items;
    }

    /** The address in a hop ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}); null if none. */
    private static String address(String hop) {
        String host = hop;
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            host = end < 0 ? "" : hop.substring(1, end);
        } else if (hop.indexOf(':') == hop.lastIndexOf(':') && hop.indexOf(':') > 0) {
            host = hop.substring(0, hop.indexOf(':'));
        }
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) ? host : null;
    }
}
