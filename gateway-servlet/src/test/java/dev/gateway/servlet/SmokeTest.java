package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void servesAServlet() throws Exception {
        try (ServletApplication app = ServletApplication.builder().servlet("hello", Servlets.text("hello"), "/hello").build()) {
            TestResponse response = new TestClient(app).get("/hello");
            assertEquals(200, response.statusCode());
            assertEquals("hello", response.text());
            assertEquals("5", response.header("Content-Length"));
            assertEquals("text/plain;charset=UTF-8", response.header("Content-Type"));
            assertEquals(404, new TestClient(app).get("/nothing").statusCode());
        }
    }
}
