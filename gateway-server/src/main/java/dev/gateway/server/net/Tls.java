package dev.gateway.server.net;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
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
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("cannot use --certfile " + certfile + " and --keyfile " + keyfile + ": " + rootMessage(e));
        }
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
