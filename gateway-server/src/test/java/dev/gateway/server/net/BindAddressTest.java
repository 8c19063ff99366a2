package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bind values, and which TCP listeners must keep to their own address family. */
class BindAddressTest {

    @Test
    void formsOfABindValue() {
        assertEquals(new BindAddress.Tcp("127.0.0.1", 8000), BindAddress.parse("127.0.0.1"));
        assertEquals(new BindAddress.Tcp("::1", 9000), BindAddress.parse("[::1]:9000"));
        assertEquals(new BindAddress.Tcp("0.0.0.0", 80), BindAddress.parse(":80"));
        assertEquals(new BindAddress.Inherited(3), BindAddress.parse("fd://3"));
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
