package dev.gateway.servlet.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Servlet 6.1 section 3.5.2 canonicalization. */
class PathCanonicalizerTest {

    @ParameterizedTest
    @CsvSource({
            "/a/b, /a/b",
            "/a//b, /a/b",
            "/a/./b, /a/b",
            "/a/../b, /b",
            "/a/b/.., /a/",
            "/a/b/., /a/b/",
            "/a;jsessionid=1/b;x=y, /a/b",
            "/a/, /a/",
            "'', ''",
    })
    void canonicalizes(String path, String expected) throws Exception {
        assertEquals(expected, PathCanonicalizer.canonicalize(path, path));
    }

    @ParameterizedTest
    @CsvSource({"/.., /..", "/a/../../b, /a/../../b", "/a/b, /a%2Fb", "/a/b, /a%5cb"})
    void refuses(String path, String raw) {
        assertThrows(PathCanonicalizer.BadPathException.class, () -> PathCanonicalizer.canonicalize(path, raw));
    }

    @ParameterizedTest
    @CsvSource({"/caf\u00c3\u00a9, /café"})
    void decodesUtf8(String bytes, String expected) throws Exception {
        assertEquals(expected, PathCanonicalizer.canonicalize(bytes, "/caf%C3%A9"));
        String invalid = new String(new byte[] {'/', (byte) 0xC3}, StandardCharsets.ISO_8859_1);
        assertThrows(PathCanonicalizer.BadPathException.class, () -> PathCanonicalizer.canonicalize(invalid, "/%C3"));
    }
}
