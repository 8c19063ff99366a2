package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** forwarded_allow_ips and proxy_allow_ips: addresses, CIDR ranges (IPv4 and IPv6) and '*'. */
class AddressRangesTest {

    @ParameterizedTest(name = "{0} in [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1|127.0.0.1,::1|true",
        "10.1.2.3|127.0.0.1,::1|false",
        "10.1.2.3|10.0.0.0/8|true",
        "11.1.2.3|10.0.0.0/8|false",
        "192.168.1.77|192.168.1.64/26|true",
        "192.168.1.128|192.168.1.64/26|false",
        "192.168.1.128|0.0.0.0/0|true",
        "::1|::1/128|true",
        "::1|127.0.0.1|false",
        "2001:db8::5|2001:db8::/32|true",
        "2001:db9::5|2001:db8::/32|false",
        "203.0.113.9|*|true"})
    void addressesAndRanges(String peer, String allowed, boolean contained) {
        AddressRanges ranges = AddressRanges.of(Arrays.asList(allowed.split(",")));
        assertEquals(contained, ranges.contains(new InetSocketAddress(peer, 40000)));
        assertEquals(contained, ranges.contains(peer));
    }

    @Test
    void aUnixSocketPeerIsTrustedAsGunicornDoes() {
        // Only local processes can reach a Unix socket: the proxy in front (nginx) is one of them.
        assertEquals(true, AddressRanges.of(List.of("127.0.0.1")).contains(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertEquals(true, AddressRanges.NONE.contains(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertEquals(false, AddressRanges.NONE.contains(new InetSocketAddress("127.0.0.1", 1)));
    }

    @Test
    void textThatIsNoAddressIsNotContained() {
        assertEquals(false, AddressRanges.of(List.of("127.0.0.1")).contains("unknown"));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource(delimiter = '|', value = {"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "1.2.3"})
    void malformedEntriesAreRefusedByName(String entry) {
        assertEquals("has a bad entry: '" + entry + "' is not an address, a CIDR range or *", AddressRanges.problem(List.of("127.0.0.1", entry)));
    }

    @Test
    void validListsHaveNoProblem() {
        assertNull(AddressRanges.problem(List.of("127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8", "*")));
        assertNull(AddressRanges.problem(List.of()));
    }
}
