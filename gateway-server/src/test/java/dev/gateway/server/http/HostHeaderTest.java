package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 section 7.2 Host syntax: what is refused with a 400 (RFC 9112 section 3.2). */
class HostHeaderTest {

    @ParameterizedTest(name = "[{0}] valid={1}")
    @CsvSource(delimiter = '|', value = {
        "example.com|true", "example.com:8080|true", "127.0.0.1:80|true", "[::1]:9000|true", "[::1]|true",
        "a:|true", "''|true", "xn--bcher-kva.example|true", "a_b.example|true",
        "a:abc|false", "a b|false", "a:80:80|false", "[::1|false", "[]|false", "[::1]x|false",
        "a:123456|false", "a/b|false", "a@b|false", "a\tb|false"})
    void syntax(String value, boolean valid) {
        assertEquals(valid, HostHeader.isValid(value));
    }
}
