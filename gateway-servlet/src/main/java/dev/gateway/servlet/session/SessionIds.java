package dev.gateway.servlet.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New session ids: 16 random bytes from {@link SecureRandom} as 32 upper-case hex digits, as Tomcat makes them. */
final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
