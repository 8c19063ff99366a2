package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import org.junit.jupiter.api.Test;

/** In process, no socket: the application as the server calls it, checked against the contract (Lint). */
class AppTest {

    @Test
    void greetsTheWorld() throws Exception {
        TestResponse response = new TestClient(new App()).get("/");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
        assertEquals("Hello, World!\n", response.text());
    }

    @Test
    void greetsByName() throws Exception {
        assertEquals("Hello, Ada Lovelace!\n", new TestClient(new App()).get("/?name=Ada%20Lovelace").text());
    }
}
