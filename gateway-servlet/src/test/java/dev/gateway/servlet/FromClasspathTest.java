package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.spi.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * fromClasspath(): the @WebServlet, @WebFilter and @WebListener classes are registered, and the initializers
 * ServiceLoader finds run with their @HandlesTypes classes; one that cannot load is skipped.
 */
class FromClasspathTest {

    @Test
    void runsTheInitializersOfTheClassPath() throws Exception {
        try (ServletApplication app = ServletApplication.fromClasspath()) {
            assertEquals("discovered [Abstract, Direct, Inherited]", new TestClient(app).get("/discovered").text());
            assertEquals("annotated v filtered heard", new TestClient(app).get("/annotated/x").text());
            assertEquals(java.util.List.of("/annotated/*"), app.servletContext().getServletRegistration("annotated").getMappings());
        }
    }

    @Test
    void theBuilderLeavesAnnotationsAloneUnlessAsked() throws Exception {
        try (ServletApplication app = ServletApplication.builder().build()) {
            assertEquals(404, new TestClient(app).get("/annotated/x").statusCode());
        }
    }
}
