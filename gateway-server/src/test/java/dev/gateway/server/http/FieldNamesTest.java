package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gateway.spi.server.EnvironBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Common field names come out as the shared Strings; every other spelling as it came. */
class FieldNamesTest {

    @Test
    void everyCommonNameIsShared() {
        for (String name : EnvironBuilder.commonHeaderNames()) {
            assertSame(name, read("  " + name + ": x", 2, 2 + name.length()), name);
        }
    }

    @Test
    void otherSpellingsAndNamesAreCopiedAsTheyCame() {
        for (String name : new String[] {"HOST", "Hosts", "Hos", "X-Custom", "accept-Encoding", "Cookie2", "A"}) {
            String read = read(name, 0, name.length());
            assertEquals(name, read);
            assertNotSame(name, read);
        }
    }

    private static String read(String text, int start, int end) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            return FieldNames.of(buf, start, end);
        } finally {
            buf.release();
        }
    }
}
