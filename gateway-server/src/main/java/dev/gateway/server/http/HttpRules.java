package dev.gateway.server.http;

import java.util.List;

/**
 * How strictly requests are parsed, and whom to trust for what: the HTTP settings beyond the size
 * limits, with Gunicorn's names. {@link #STRICT} is the default of every setting.
 *
 * @param permitObsoleteFolding           {@code permit_obsolete_folding}
 * @param stripHeaderSpaces               {@code strip_header_spaces}
 * @param permitUnconventionalHttpMethod  {@code permit_unconventional_http_method}
 * @param casefoldHttpMethod              {@code casefold_http_method}
 * @param headerMap                       {@code header_map}: what happens to header names with {@code _}
 * @param requireHost                     {@code require_host}: refuse HTTP/1.1 without Host
 * @param forwardedAllowIps               {@code forwarded_allow_ips}: peers trusted for scheme headers
 * @param proxyProtocol                   {@code proxy_protocol}: off, v1, v2 or auto
 */
public record HttpRules(
        boolean permitObsoleteFolding,
        boolean stripHeaderSpaces,
        boolean permitUnconventionalHttpMethod,
        boolean casefoldHttpMethod,
        HeaderMap headerMap,
        boolean requireHost,
        List<String> forwardedAllowIps,
        String proxyProtocol) {

    /** Every setting at its default. */
    public static final HttpRules STRICT = new HttpRules(false, false, false, false, HeaderMap.DROP, true,
            List.of("127.0.0.1", "::1"), "off");

    /** {@code header_map}: header names holding {@code _} could alias a dashed name in the environ. */
    public enum HeaderMap {
        /** Remove them silently. */
        DROP,
        /** Refuse the request with 400. */
        REFUSE,
        /** Pass them to the application. */
        DANGEROUS;

        /** The mode named by the setting's value. */
        public static HeaderMap of(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** True when a PROXY protocol preamble may open a connection. */
    public boolean acceptsProxyProtocol() {
        return !proxyProtocol.equals("off");
    }
}
