package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** forwarded_allow_ips: addresses, CIDR ranges (IPv4 and IPv6) and '*' decide whose proxy headers count. */
class SchemeHeadersTrustTest {

    @ParameterizedTest(name = "{0} in [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|127.0.0.1,::1|true",
        "10.1.2.3|127.0.0.1,::1|false",
        "10.1.2.3|10.0.0.0/8|true",
        "11.1.2.3|10.0.0.0/8|false",
        "192.168.1.77|192.168.1.64/26|true",
        "192.168.1.128|192.168.1.64/26|false",
        "::1|::1/128|true",
        "2001:db8::5|2001:db8::/32|true",
        "2001:db9::5|2001:db8::/32|false",
        "203.0.113.9|*|true"})
    void addressesAndRanges(String peer, String allowed, boolean trusted) {
        List<String> entries = Arrays.asList(allowed.split(","));
        assertEquals(trusted, SchemeHeaders.trusted(new InetSocketAddress(peer, 40000), entries));
    }

    @Test
    void aUnixSocketPeerIsTrustedAsGunicornDoes() {
        // Only local processes can reach a Unix socket: the proxy in front (nginx) is one of them.
        assertEquals(true, SchemeHeaders.trusted(UnixDomainSocketAddress.of("/tmp/x.sock"), List.of("127.0.0.1")));
    }
}
