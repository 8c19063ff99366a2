package dev.gateway.server.http;

import dev.gateway.server.config.AddressRanges;
import dev.gateway.server.config.ProxyProtocol;
import java.util.Map;
import java.util.Set;

/**
 * How strictly requests are parsed, and whom to trust for what: the HTTP settings beyond the size
 * limits, with Gunicorn's names, as {@code HttpContexts.httpRules} reads them from the configuration.
 *
 * @param permitObsoleteFolding           {@code permit_obsolete_folding}
 * @param stripHeaderSpaces               {@code strip_header_spaces}
 * @param permitUnconventionalHttpMethod  {@code permit_unconventional_http_method}
 * @param casefoldHttpMethod              {@code casefold_http_method}
 * @param headerMap                       {@code header_map}: what happens to header names with {@code _}
 * @param requireHost                     {@code require_host}: refuse HTTP/1.1 without Host
 * @param forwardedAllowIps               {@code forwarded_allow_ips}: peers trusted for forwarded headers
 * @param secureSchemeHeaders             {@code secure_scheme_headers}: header name, value meaning https
 * @param proxyProtocol                   {@code proxy_protocol}: off, v1, v2 or auto
 * @param proxyAllowIps                   {@code proxy_allow_ips}: peers allowed to send a PROXY preamble
 * @param forwarderHeaders                {@code forwarder_headers}: upper-case names a trusted proxy may send despite their {@code _}
 */
public record HttpRules(
        boolean permitObsoleteFolding,
        boolean stripHeaderSpaces,
        boolean permitUnconventionalHttpMethod,
        boolean casefoldHttpMethod,
        HeaderMap headerMap,
        boolean requireHost,
        AddressRanges forwardedAllowIps,
        Map<String, String> secureSchemeHeaders,
        ProxyProtocol proxyProtocol,
        AddressRanges proxyAllowIps,
        Set<String> forwarderHeaders) {

    /** The header a trusted proxy sets to mount the application at a path for one request. */
    public static final String SCRIPT_NAME_HEADER = "SCRIPT_NAME";

    /** True when a header named {@code name} may pass from a trusted proxy whatever {@code header_map} says. */
    public boolean isForwarderHeader(String name) {
        return !forwarderHeaders.isEmpty() && forwarderHeaders.contains(name.toUpperCase(java.util.Locale.ROOT));
    }

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
        return proxyProtocol != ProxyProtocol.OFF;
    }
}
