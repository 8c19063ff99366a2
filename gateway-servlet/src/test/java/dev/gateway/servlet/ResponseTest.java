package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Header;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HttpServletResponse through start() and the body (Servlet 6.1 chapter 5). */
class ResponseTest {

    private static TestClient client(Servlets.Handler handler) {
        return new TestClient(ServletApplication.builder().servlet("s", Servlets.of(handler), "/").build());
    }

    private static List<String> values(TestResponse response, String name) {
        return response.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    @Test
    void statusAndHeaders() throws Exception {
        TestResponse response = client((request, out) -> {
            out.setStatus(201);
            out.setHeader("X-One", "1");
            out.addHeader("X-Many", "a");
            out.addHeader("X-Many", "b");
            out.setIntHeader("X-Int", 7);
            out.setDateHeader("Last-Modified", 784111777000L);
            out.setHeader("X-Gone", "x");
            out.setHeader("X-Gone", null);
            out.setHeader("Connection", "close");
            out.setHeader("X-Injected", "a\r\nSet-Cookie: evil");
            out.getWriter().write(out.getHeader("x-one") + out.containsHeader("X-MANY") + out.getHeaders("x-many"));
        }).get("/");
        assertEquals("201 Created", response.status());
        assertEquals("1true[a, b]", response.text());
        assertEquals(List.of("a", "b"), values(response, "X-Many"));
        assertEquals("7", response.header("X-Int"));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", response.header("Last-Modified"));
        assertNull(response.header("X-Gone"));
        assertNull(response.header("Connection"));
        assertEquals("a  Set-Cookie: evil", response.header("X-Injected"));
    }

    @Test
    void contentTypeAndCharsetRules() throws Exception {
        TestClient client = client((request, out) -> {
            out.setContentType("text/html; charset=UTF-8");
            var writer = out.getWriter();
            out.setCharacterEncoding("ISO-8859-1"); // ignored after getWriter (section 5.6)
            out.setContentType("text/plain;charset=ISO-8859-1"); // the type changes, the charset not
            writer.write("é€");
        });
        TestResponse response = client.get("/");
        assertEquals("text/plain;charset=UTF-8", response.header("Content-Type"));
        assertEquals("é€", response.text());
        TestResponse latin1 = client((request, out) -> {
            out.setContentType("text/plain");
            out.getWriter().write("é");
        }).get("/");
        assertEquals("text/plain;charset=ISO-8859-1", latin1.header("Content-Type"));
        assertEquals(List.of((byte) 0xE9), List.of(latin1.body()[0]));
        TestResponse bytes = client((request, out) -> {
            out.setContentType("application/octet-stream");
            out.getOutputStream().write(new byte[] {1, 2, 3});
        }).get("/");
        assertEquals("application/octet-stream", bytes.header("Content-Type"));
        assertEquals("3", bytes.header("Content-Length"));
    }

    @Test
    void writerAndStreamExcludeEachOther() throws Exception {
        client((request, out) -> {
            out.getWriter();
            assertThrows(IllegalStateException.class, out::getOutputStream);
        }).get("/");
        client((request, out) -> {
            out.getOutputStream();
            assertThrows(IllegalStateException.class, out::getWriter);
        }).get("/");
    }

    @Test
    void cookiesWithSameSiteAndPartitioned() throws Exception {
        TestResponse response = client((request, out) -> {
            Cookie cookie = new Cookie("id", "42");
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setSecure(true);
            cookie.setAttribute("SameSite", "None");
            cookie.setAttribute("Partitioned", "");
            out.addCookie(cookie);
            Cookie gone = new Cookie("old", "");
            gone.setMaxAge(0);
            out.addCookie(gone);
        }).get("/");
        List<String> cookies = values(response, "Set-Cookie");
        assertEquals("id=42; Path=/; Secure; HttpOnly; Partitioned; SameSite=None", cookies.get(0));
        assertEquals("old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:10 GMT", cookies.get(1));
        client((request, out) -> assertThrows(IllegalArgumentException.class,
                () -> out.addCookie(new Cookie("bad", "a;b")))).get("/");
    }

    @Test
    void sendErrorAnswersWithThePlainPageAndKeepsCookies() throws Exception {
        TestResponse response = client((request, out) -> {
            out.getWriter().write("dropped");
            out.addCookie(new Cookie("kept", "1"));
            out.sendError(403, "no entry");
            out.getWriter().write("ignored");
        }).get("/");
        assertEquals("403 Forbidden", response.status());
        assertEquals("403 Forbidden: no entry\n", response.text());
        assertEquals("text/plain;charset=UTF-8", response.header("Content-Type"));
        assertEquals("kept=1", response.header("Set-Cookie"));
    }

    @Test
    void sendErrorAfterCommitThrows() throws Exception {
        client((request, out) -> {
            out.getWriter().write("x");
            out.flushBuffer();
            assertTrue(out.isCommitted());
            assertThrows(IllegalStateException.class, () -> out.sendError(500));
            assertThrows(IllegalStateException.class, out::reset);
        }).get("/");
    }

    @Test
    void redirectsAreRelativeForHttp11AndAbsoluteForHttp10() throws Exception {
        TestClient client = client((request, out) -> out.sendRedirect("next?x=1"));
        TestResponse http11 = client.get("/a/b");
        assertEquals(302, http11.statusCode());
        assertEquals("next?x=1", http11.header("Location"));
        TestResponse http10 = client.send(TestRequest.get("/a/b").protocol("HTTP/1.0").header("Host", "example.com"));
        assertEquals("http://example.com/a/next?x=1", http10.header("Location"));
        TestResponse permanent = client((request, out) -> out.sendRedirect("/x", 308)).get("/");
        assertEquals(308, permanent.statusCode());
        assertEquals("/x", permanent.header("Location"));
    }

    @Test
    void resetClearsStatusHeadersAndBuffer() throws Exception {
        TestResponse response = client((request, out) -> {
            out.setStatus(500);
            out.setHeader("X-A", "1");
            out.getWriter().write("first");
            out.reset();
            out.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
        }).get("/");
        assertEquals(200, response.statusCode());
        assertNull(response.header("X-A"));
        assertEquals("second", response.text());
    }

    @Test
    void noContentHasNoLengthAndNoBody() throws Exception {
        TestResponse response = client((request, out) -> {
            out.setStatus(204);
            out.getWriter().write("ignored");
        }).get("/");
        assertEquals(204, response.statusCode());
        assertNull(response.header("Content-Length"));
        assertEquals(0, response.body().length);
    }

    @Test
    void headResponsesKeepTheLengthOfTheGet() throws Exception {
        TestResponse response = client((request, out) -> out.getWriter().write("twelve bytes")).send(TestRequest.head("/"));
        assertEquals("12", response.header("Content-Length"));
        assertEquals(0, response.body().length);
    }

    @Test
    void bytesPastTheContentLengthAreDropped() throws Exception {
        TestResponse response = client((request, out) -> {
            out.setContentLength(3);
            out.getOutputStream().write("abcdef".getBytes(StandardCharsets.US_ASCII));
            assertTrue(out.isCommitted());
            // Complete: committed as in Tomcat, and handed back whole with its head when the servlet returns.
            assertThrows(IllegalStateException.class, () -> out.sendError(500));
            assertThrows(IllegalStateException.class, out::reset);
            out.getOutputStream().flush();
        }).get("/");
        assertEquals("abc", response.text());
        assertEquals("3", response.header("Content-Length"));
    }

    @Test
    void bufferSizeRules() throws Exception {
        client((request, out) -> {
            assertEquals(8192, out.getBufferSize());
            out.setBufferSize(100);
            assertEquals(100, out.getBufferSize());
            out.getWriter().write("x");
            out.getWriter().flush();
            assertThrows(IllegalStateException.class, () -> out.setBufferSize(10));
        }).get("/");
    }
}
