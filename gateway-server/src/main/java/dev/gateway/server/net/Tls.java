package dev.gateway.server.net;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS side of the listeners, from {@code certfile}, {@code keyfile}, {@code ca_certs} and
 * {@code cert_reqs}: one server context on the JDK's own provider (no native library to match).
 */
public final class Tls {

    private Tls() {
    }

    /** True when {@code config} turns TLS on. */
    public static boolean enabled(Config config) {
        return !config.get(Settings.CERTFILE).isEmpty() || !config.get(Settings.KEYFILE).isEmpty();
    }

    /**
     * The server context, or null when TLS is off.
     *
     * @throws ConfigException when only one of certfile and keyfile is set, or the files cannot be used
     */
    public static SslContext serverContext(Config config) {
        if (!enabled(config)) {
            if (offersHttp2(config)) {
                throw new ConfigException("--http-protocols h2 needs TLS (--certfile and --keyfile);"
                        + " cleartext HTTP/2 is --http2-cleartext prior-knowledge");
            }
            return null;
        }
        String certfile = config.get(Settings.CERTFILE);
        String keyfile = config.get(Settings.KEYFILE);
        if (certfile.isEmpty() || keyfile.isEmpty()) {
            throw new ConfigException("TLS needs both --certfile and --keyfile");
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(new File(certfile), new File(keyfile))
                    .sslProvider(SslProvider.JDK)
                    .clientAuth(clientAuth(config.get(Settings.CERT_REQS)));
            String caCerts = config.get(Settings.CA_CERTS);
            if (!caCerts.isEmpty()) {
                builder.trustManager(new File(caCerts));
            }
            if (offersHttp2(config)) {
                alpn(builder, config.get(Settings.HTTP_PROTOCOLS));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("cannot use --certfile " + certfile + " and --keyfile " + keyfile + ": " + rootMessage(e));
        }
    }

    /** True when {@code http_protocols} names {@code h2}. */
    public static boolean offersHttp2(Config config) {
        return config.get(Settings.HTTP_PROTOCOLS).contains("h2");
    }

    /**
     * ALPN (RFC 7301) with the protocols in the order of {@code http_protocols}; a client that offers
     * none of them gets no protocol chosen and is served HTTP/1.1. RFC 9113 section 9.2.2: HTTP/2
     * needs TLS 1.2 or later without the cipher suites it blocks, which Netty's list leaves out.
     */
    private static void alpn(SslContextBuilder builder, List<String> protocols) {
        List<String> names = protocols.stream()
                .map(p -> p.equals("h2") ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1).toList();
        builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, names));
    }

    private static ClientAuth clientAuth(String certReqs) {
        return switch (certReqs) {
            case "optional" -> ClientAuth.OPTIONAL;
            case "required" -> ClientAuth.REQUIRE;
            default -> ClientAuth.NONE;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
