package dev.gateway.examples.hosted;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.spi.testing.TestClient;
import org.junit.jupiter.api.Test;

/** The application of the WAR, in process; the WAR itself is deployed on Tomcat and Jetty by the conformance module. */
class GreetingTest {

    @Test
    void greetsWithItsMountPoint() throws Exception {
        assertEquals("Hello from /shop/cart\n", new TestClient(new Greeting()).scriptName("/shop").get("/shop/cart").text());
    }
}
