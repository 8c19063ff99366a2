package dev.gateway.spi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.EnvironKeys;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Field names as the environ and the response rules see them: keys built in one pass, case ignored. */
class FieldNamesTest {

    @Test
    void headerNamesBecomeCgiKeys() {
        assertEquals("HTTP_USER_AGENT", EnvironBuilder.environKey("User-Agent"));
        assertEquals("HTTP_X_REQUEST_ID", EnvironBuilder.environKey("x-request-id"));
        assertEquals("HTTP_X_FOO", EnvironBuilder.environKey("X_Foo"));
        assertEquals("HTTP_", EnvironBuilder.environKey(""));
        assertEquals(EnvironKeys.CONTENT_TYPE, EnvironBuilder.environKey("content-type"));
        assertEquals(EnvironKeys.CONTENT_LENGTH, EnvironBuilder.environKey("CONTENT-LENGTH"));
        assertEquals("HTTP_CONTENT_LENGTH", EnvironBuilder.environKey("Content_Length"));
    }

    /** The names whose keys are looked up instead of built give the keys the rule gives. */
    @Test
    void commonNamesGetTheKeysTheRuleGives() {
        for (String name : new String[] {"Host", "host", "HOST", "Accept-Encoding", "accept-encoding", "Sec-CH-UA-Platform",
                "sec-ch-ua-platform", "X-Forwarded-For", "x-real-ip", "X-Request-ID", "Sec-WebSocket-Key", "DNT", "te"}) {
            assertEquals("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), EnvironBuilder.environKey(name), name);
        }
        assertEquals(EnvironKeys.CONTENT_TYPE, EnvironBuilder.environKey("Content-Type"));
        assertEquals(EnvironKeys.CONTENT_LENGTH, EnvironBuilder.environKey("content-length"));
    }

    /** The one-pass key equals the rule it replaces, Locale.ROOT upper-casing, for any name at all. */
    @Test
    void keysMatchTheRootLocaleRuleForRandomNames() {
        long seed = System.nanoTime();
        System.out.println("FieldNamesTest seed " + seed);
        Random random = new Random(seed);
        String alphabet = "abcxyzABCXYZ019-_!#$%&'*+.^`|~ ßéﬀ\u0131\u00ff";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String key = EnvironBuilder.environKey(name.toString());
            if (!key.equals(EnvironKeys.CONTENT_TYPE) && !key.equals(EnvironKeys.CONTENT_LENGTH)) {
                assertEquals("HTTP_" + name.toString().toUpperCase(Locale.ROOT).replace('-', '_'), key, "seed " + seed);
            }
        }
    }

    @Test
    void hopByHopNamesAreFoundInAnyCase() {
        for (String name : new String[] {"Connection", "CONNECTION", "keep-alive", "Transfer-Encoding", "TE", "Upgrade", "Proxy-Connection"}) {
            assertTrue(ResponseRules.isHopByHop(name), name);
        }
        for (String name : new String[] {"Content-Type", "tee", "Connections", "", "X-Connection"}) {
            assertFalse(ResponseRules.isHopByHop(name), name);
        }
    }
}
