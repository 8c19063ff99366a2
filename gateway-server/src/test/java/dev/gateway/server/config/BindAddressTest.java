package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gateway.server.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bind values as Gunicorn parses them, and which TCP listeners must keep to their own address family. */
class BindAddressTest {

    @Test
    void formsOfABindValue() {
        assertEquals(new BindAddress.Tcp("127.0.0.1", 8000), BindAddress.parse("127.0.0.1"));
        assertEquals(new BindAddress.Tcp("::1", 9000), BindAddress.parse("[::1]:9000"));
        assertEquals(new BindAddress.Tcp("0.0.0.0", 80), BindAddress.parse(":80"));
        assertEquals(new BindAddress.Inherited(3), BindAddress.parse("fd://3"));
    }

    @Test
    void parsedAsGunicornsParseAddressDoes() {
        // A bare number is a host on port 8000, not a port: Gunicorn reads "-b 18096" so too.
        assertEquals(new BindAddress.Tcp("18096", 8000), BindAddress.parse("18096"));
        assertEquals(new BindAddress.Tcp("127.0.0.1", 9000), BindAddress.parse("tcp://127.0.0.1:9000"));
        assertEquals(new BindAddress.Tcp("::1", 9000), BindAddress.parse("tcp://[::1]:9000"));
        assertEquals(new BindAddress.Tcp("localhost", 8000), BindAddress.parse("tcp://LocalHost"));
        assertEquals(new BindAddress.Unix(Path.of("/run/gw.sock")), BindAddress.parse("unix:///run/gw.sock"));
        assertEquals(new BindAddress.Unix(Path.of("run/gw.sock")), BindAddress.parse("unix://run/gw.sock"));
        assertEquals(new BindAddress.Unix(Path.of("/run/gw.sock")), BindAddress.parse("unix:/run/gw.sock"));
        ConfigException tooBig = assertThrows(ConfigException.class, () -> BindAddress.parse("127.0.0.1:65536"));
        assertEquals("invalid value for --bind: '127.0.0.1:65536' has no valid port (0-65535)", tooBig.getMessage());
    }

    @Test
    void aFailureToBindABareNumberSaysItIsAHost() {
        assertEquals(" ('18096' is a host, as in Gunicorn; for port 18096 write 127.0.0.1:18096 or 0.0.0.0:18096)",
                ((BindAddress.Tcp) BindAddress.parse("18096")).hint());
        assertEquals("", ((BindAddress.Tcp) BindAddress.parse("127.0.0.1:18096")).hint());
    }

    @Test
    void anyIpv6AndAnIpv4AddressOnOnePortKeepToTheirFamilies() {
        assertEquals(List.of(new BindAddress.Tcp("::", 8000, true), new BindAddress.Tcp("0.0.0.0", 8000, true),
                        new BindAddress.Tcp("127.0.0.1", 8001, true), new BindAddress.Tcp("::", 8001, true),
                        new BindAddress.Tcp("::1", 8001, false)),
                BindAddress.parseAll(List.of("[::]:8000", "0.0.0.0:8000", "127.0.0.1:8001", "[::]:8001", "[::1]:8001")));
    }

    @Test
    void otherwiseEveryListenerIsAsTheKernelMakesIt() {
        assertEquals(List.of(new BindAddress.Tcp("::", 8000), new BindAddress.Tcp("0.0.0.0", 8001),
                        new BindAddress.Tcp("::", 0), new BindAddress.Tcp("0.0.0.0", 0), new BindAddress.Tcp("::1", 8002),
                        new BindAddress.Tcp("127.0.0.1", 8002)),
                BindAddress.parseAll(List.of("[::]:8000", "0.0.0.0:8001", "[::]:0", "0.0.0.0:0", "[::1]:8002", "127.0.0.1:8002")));
    }
}
