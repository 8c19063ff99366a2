package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Filters (chapter 6), forward and include (chapter 9), error pages (section 10.9). */
class DispatchTest {

    /** A filter that writes a mark before the rest of the chain. */
    private static Filter mark(String mark) {
        return (request, response, chain) -> {
            response.getWriter().write("[" + mark + "]");
            chain.doFilter(request, response);
        };
    }

    @Test
    void filtersMatchByPatternThenByServletNameAndDispatcherType() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("api", Servlets.text("api"), "/api/*")
                .servlet("other", Servlets.text("other"), "*.do")
                .filter("byName", mark("name"), r -> r.addMappingForServletNames(null, true, "api"))
                .filter("all", mark("all"), "/*")
                .filter("apiOnly", mark("api"), "/api/*")
                .filter("ext", mark("ext"), "*.do")
                .filter("forwards", mark("fwd"), r -> r.addMappingForUrlPatterns(EnumSet.of(DispatcherType.FORWARD), true, "/*"))
                .filter("first", mark("first"), r -> r.addMappingForUrlPatterns(null, false, "/*"))
                .build();
        TestClient client = new TestClient(app);
        assertEquals("[first][all][api][name]api", client.get("/api/x").text());
        assertEquals("[first][all][ext]other", client.get("/a/b.do").text());
    }

    @Test
    void forwardShowsTheTargetPathsAndTheForwardAttributes() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("front", Servlets.of((request, response) -> {
                    response.getWriter().write("dropped by the forward");
                    request.getRequestDispatcher("/target/p?extra=1").forward(request, response);
                    response.getWriter().write("ignored after the forward");
                }), "/front/*")
                .servlet("target", Servlets.of((request, response) -> response.getWriter().write(
                        request.getDispatcherType() + " " + request.getServletPath() + " " + request.getPathInfo() + " "
                                + request.getRequestURI() + " " + request.getQueryString() + " " + request.getParameter("extra")
                                + request.getParameter("q") + " " + request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI)
                                + " " + request.getAttribute(RequestDispatcher.FORWARD_SERVLET_PATH)
                                + " " + request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING))), "/target/*")
                .build();
        TestResponse response = new TestClient(app).get("/front/x?q=2");
        assertEquals("FORWARD /target /p /target/p extra=1 12 /front/x /front q=2", response.text());
        assertEquals(String.valueOf(response.text().length()), response.header("Content-Length"));
    }

    @Test
    void includeKeepsTheRequestPathsAndIgnoresHeaders() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("page", Servlets.of((request, response) -> {
                    response.getWriter().write("<");
                    request.getRequestDispatcher("part?n=1").include(request, response);
                    request.getServletContext().getNamedDispatcher("named").include(request, response);
                    response.getWriter().write(">");
                }), "/pages/*")
                .servlet("part", Servlets.of((request, response) -> {
                    response.setStatus(500);
                    response.setHeader("X-Part", "1");
                    response.getWriter().write(request.getDispatcherType() + " " + request.getServletPath() + " "
                            + request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH) + " "
                            + request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) + " " + request.getParameter("n"));
                }), "/pages/part")
                .servlet("named", Servlets.of((request, response) -> response.getWriter().write(
                        "|named " + request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH))), "/named")
                .build();
        TestResponse response = new TestClient(app).get("/pages/index");
        assertEquals(200, response.statusCode());
        assertEquals(null, response.header("X-Part"));
        assertEquals("<INCLUDE /pages /pages/part /pages/part 1|named null>", response.text());
    }

    @Test
    void errorPagesByStatusAndByExceptionType() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("missing", Servlets.of((request, response) -> response.sendError(404, "no such thing")), "/missing")
                .servlet("broken", Servlets.of((request, response) -> {
                    throw new IllegalArgumentException("bad input");
                }), "/broken")
                .servlet("wrapped", Servlets.of((request, response) -> {
                    throw new IllegalStateException(new ServletException("outer", new UnsupportedOperationException("inner")));
                }), "/wrapped")
                .servlet("errors", Servlets.of((request, response) -> response.getWriter().write(request.getDispatcherType()
                        + " " + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                        + " " + request.getAttribute(RequestDispatcher.ERROR_MESSAGE)
                        + " " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
                        + " " + request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME)
                        + " " + request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE))), "/errors/*")
                .errorPage(404, "/errors/404")
                .errorPage(RuntimeException.class, "/errors/runtime")
                .build();
        TestClient client = new TestClient(app);
        TestResponse missing = client.get("/missing");
        assertEquals(404, missing.statusCode());
        assertEquals("ERROR 404 no such thing /missing missing null", missing.text());
        TestResponse unmapped = client.get("/unmapped");
        assertEquals("ERROR 404  /unmapped default null", unmapped.text());
        TestResponse broken = client.get("/broken");
        assertEquals(500, broken.statusCode());
        assertEquals("ERROR 500 bad input /broken broken class java.lang.IllegalArgumentException", broken.text());
        assertTrue(broken.errors().contains("java.lang.IllegalArgumentException: bad input"), broken.errors());
    }

    @Test
    void withoutErrorPagesTheContainerAnswersPlainAndHidesTheException() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("broken", Servlets.of((request, response) -> {
                    response.setHeader("X-Before", "1");
                    response.getWriter().write("partial");
                    throw new IOException("secret detail");
                }), "/")
                .build();
        TestResponse response = new TestClient(app).get("/");
        assertEquals("500 Internal Server Error", response.status());
        assertEquals("500 Internal Server Error\n", response.text());
        assertTrue(response.errors().contains("secret detail"));
    }

    @Test
    void aFailureAfterCommitPropagatesSoTheServerEndsTheConnection() {
        ServletApplication app = ServletApplication.builder()
                .servlet("broken", Servlets.of((request, response) -> {
                    response.getWriter().write("partial");
                    response.flushBuffer();
                    throw new IllegalStateException("too late");
                }), "/")
                .build();
        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new TestClient(app).get("/"));
        assertEquals("too late", failure.getMessage());
    }

    @Test
    void anExceptionPageMatchesTheRootCauseOfAServletException() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("wrapped", Servlets.of((request, response) -> {
                    throw new ServletException("outer", new UnsupportedOperationException("inner"));
                }), "/wrapped")
                .servlet("errors", Servlets.of((request, response) -> response.getWriter().write("handled "
                        + request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE))), "/errors")
                .errorPage(UnsupportedOperationException.class, "/errors")
                .build();
        assertEquals("handled class java.lang.UnsupportedOperationException", new TestClient(app).get("/wrapped").text());
    }

    @Test
    void requestListenersSeeEveryRequest() throws Exception {
        java.util.List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ServletApplication app = ServletApplication.builder()
                .servlet("s", Servlets.of((request, response) -> request.setAttribute("a", "1")), "/")
                .listener(new jakarta.servlet.ServletRequestListener() {
                    @Override
                    public void requestInitialized(jakarta.servlet.ServletRequestEvent event) {
                        events.add("init");
                    }

                    @Override
                    public void requestDestroyed(jakarta.servlet.ServletRequestEvent event) {
                        events.add("destroyed");
                    }
                })
                .listener(new jakarta.servlet.ServletRequestAttributeListener() {
                    @Override
                    public void attributeAdded(jakarta.servlet.ServletRequestAttributeEvent event) {
                        events.add("added " + event.getName());
                    }
                })
                .build();
        new TestClient(app).get("/");
        assertEquals(java.util.List.of("init", "added a", "destroyed"), events);
    }
}
