package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.spi.testing.TestClient;
import org.junit.jupiter.api.Test;

/** fromClasspath(): the initializers ServiceLoader finds run with their @HandlesTypes classes; one that cannot load is skipped. */
class FromClasspathTest {

    @Test
    void runsTheInitializersOfTheClassPath() throws Exception {
        try (ServletApplication app = ServletApplication.fromClasspath()) {
            assertEquals("discovered [Abstract, Direct, Inherited]", new TestClient(app).get("/discovered").text());
        }
    }
}
