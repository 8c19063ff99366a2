package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.http.Cookie;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** HttpServletRequest from the environ (Servlet 6.1 chapter 3). */
class RequestTest {

    private static TestClient client(Servlets.Handler handler) {
        return new TestClient(ServletApplication.builder().servlet("s", Servlets.of(handler), "/").build());
    }

    @Test
    void pathsQueryAndUrlComeFromTheEnviron() throws Exception {
        TestClient client = new TestClient(ServletApplication.builder()
                .servlet("api", Servlets.of((request, response) -> utf8(response).write(String.join("|",
                        request.getMethod(), request.getContextPath(), request.getServletPath(), request.getPathInfo(),
                        request.getRequestURI(), request.getQueryString(), request.getRequestURL(), request.getProtocol(),
                        request.getScheme(), String.valueOf(request.isSecure()), request.getServerName(),
                        String.valueOf(request.getServerPort()), request.getRemoteAddr(),
                        // The server's side of the connection, not the Host header: the test client's.
                        request.getLocalAddr(), String.valueOf(request.getLocalPort())))), "/api/*")
                .build()).scriptName("/shop").scheme("https");
        TestResponse response = client.send(TestRequest.get("/shop/api/caf%C3%A9/x?a=1&b=%20").header("Host", "example.com"));
        assertEquals("GET|/shop|/api|/café/x|/shop/api/caf%C3%A9/x|a=1&b=%20|https://example.com/shop/api/caf%C3%A9/x"
                + "|HTTP/1.1|https|true|example.com|443|127.0.0.1|localhost|443", response.text());
    }

    private static java.io.PrintWriter utf8(jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        response.setCharacterEncoding("UTF-8");
        return response.getWriter();
    }

    @Test
    void theConfiguredContextPathIsStrippedWhenTheServerDidNotMountIt() throws Exception {
        TestClient client = new TestClient(ServletApplication.builder().contextPath("/app")
                .servlet("s", Servlets.describe("s"), "/*").build());
        assertTrue(client.get("/app/x").text().contains("sp= pi=/x uri=/app/x"));
        assertEquals(404, client.get("/other").statusCode());
        TestResponse redirect = client.get("/app?q=1");
        assertEquals(302, redirect.statusCode());
        assertEquals("/app/?q=1", redirect.header("Location"));
    }

    @Test
    void badPathsAreAnswered400() throws Exception {
        TestClient client = client((request, response) -> response.getWriter().write("reached"));
        assertEquals(400, client.get("/a/../../etc/passwd").statusCode());
        assertEquals(400, client.get("/a%2Fb").statusCode());
        assertEquals("reached", client.get("/a/./b").text());
        TestResponse options = client.send(TestRequest.of("OPTIONS", "*"));
        assertEquals(200, options.statusCode());
        assertTrue(options.header("Allow").contains("GET"));
    }

    @Test
    void parametersMergeQueryAndFormBody() throws Exception {
        TestClient client = client((request, response) -> response.getWriter().write(
                request.getParameter("name") + "|" + Arrays.toString(request.getParameterValues("a"))
                        + "|" + Collections.list(request.getParameterNames())));
        TestResponse response = client.send(TestRequest.post("/?a=1&name=q")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .body("a=2&name=J%C3%BCrgen+X&flag"));
        assertEquals("q|[1, 2]|[a, name, flag]", response.text());
    }

    @Test
    void aMalformedEscapeInAParameterIsAnswered400AsTomcatDoes() throws Exception {
        TestClient client = client((request, response) -> response.getWriter().write("a=" + request.getParameter("a")));
        assertEquals(400, client.get("/?a=%zz").statusCode());
        assertEquals(400, client.send(TestRequest.post("/").header("Content-Type", "application/x-www-form-urlencoded")
                .body("a=1%2")).statusCode());
        assertEquals("a=1%", client.get("/?a=1%25").text());
        // A servlet that never asks for parameters never meets the malformed escape.
        assertEquals("reached", client((request, response) -> response.getWriter().write("reached")).get("/?a=%zz").text());
    }

    @Test
    void formBodiesUseTheRequestEncodingAndDefaultToIso88591() throws Exception {
        TestClient client = client((request, response) -> {
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(request.getParameter("n"));
        });
        byte[] latin1 = "n=J%FCrgen".getBytes(StandardCharsets.US_ASCII);
        assertEquals("Jürgen", client.send(TestRequest.post("/")
                .header("Content-Type", "application/x-www-form-urlencoded").body(latin1)).text());
        TestClient explicit = client((request, response) -> {
            request.setCharacterEncoding("UTF-8");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(request.getParameter("n"));
        });
        assertEquals("Jürgen", explicit.send(TestRequest.post("/")
                .header("Content-Type", "application/x-www-form-urlencoded").body("n=J%C3%BCrgen")).text());
    }

    @Test
    void aBodyTakenAsStreamIsNotParsedAsForm() throws Exception {
        TestClient client = client((request, response) -> {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            response.getWriter().write(body + "|" + request.getParameter("a"));
        });
        assertEquals("a=2|null", client.send(TestRequest.post("/")
                .header("Content-Type", "application/x-www-form-urlencoded").body("a=2")).text());
    }

    @Test
    void theInputStreamReadsTheBodyAsItComes() throws Exception {
        byte[] payload = new byte[3_000_000];
        new java.util.Random(1).nextBytes(payload);
        TestClient client = client((request, response) -> {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            response.getWriter().write(HexFormat.of().formatHex(digest.digest()) + " " + request.getInputStream().isFinished());
        });
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        assertEquals(expected + " true", client.send(TestRequest.post("/").body(payload)).text());
    }

    @Test
    void theReaderDecodesWithTheRequestCharset() throws Exception {
        TestClient client = client((request, response) -> {
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(request.getReader().readLine() + "|" + request.getCharacterEncoding()
                    + "|" + request.getContentLength());
        });
        assertEquals("héllo|utf-8|6", client.send(TestRequest.post("/")
                .header("Content-Type", "text/plain; charset=utf-8").body("héllo")).text());
    }

    @Test
    void headersAreCaseInsensitiveWithDatesAndInts() throws Exception {
        TestClient client = client((request, response) -> response.getWriter().write(request.getHeader("x-custom")
                + "|" + request.getHeader("X-CUSTOM") + "|" + request.getIntHeader("X-Number") + "|"
                + request.getDateHeader("If-Modified-Since") + "|" + request.getDateHeader("Missing") + "|"
                + Collections.list(request.getHeaders("x-custom")) + "|" + request.getContentType()));
        TestResponse response = client.send(TestRequest.post("/").header("X-Custom", "v").header("X-Number", "42")
                .header("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").header("Content-Type", "text/plain").body("x"));
        assertEquals("v|v|42|784111777000|-1|[v]|text/plain", response.text());
        TestClient names = client((request, out) -> out.getWriter().write(
                new TreeMap<>(Collections.list(request.getHeaderNames()).stream()
                        .collect(java.util.stream.Collectors.toMap(n -> n, request::getHeader))).toString()));
        assertEquals("{host=localhost, x-a=1}", names.send(TestRequest.get("/").header("X-A", "1")).text());
    }

    @Test
    void cookiesAreParsedAsRfc6265Says() throws Exception {
        TestClient client = client((request, response) -> {
            StringBuilder out = new StringBuilder();
            for (Cookie cookie : request.getCookies()) {
                out.append(cookie.getName()).append('=').append(cookie.getValue()).append(';');
            }
            response.getWriter().write(out.toString());
        });
        assertEquals("a=1;b=two words;c=;", client.send(TestRequest.get("/")
                .header("Cookie", "a=1; b=\"two words\"; $Version=1; c=; bad name=x")).text());
        TestClient none = client((request, response) -> response.getWriter().write(String.valueOf(request.getCookies())));
        assertEquals("null", none.get("/").text());
    }

    @Test
    void localesFollowAcceptLanguage() throws Exception {
        TestClient client = client((request, response) -> response.getWriter().write(
                Collections.list(request.getLocales()).toString()));
        assertEquals("[de_CH, en, fr]", client.send(TestRequest.get("/")
                .header("Accept-Language", "fr;q=0.5, de-CH, en;q=0.8, *;q=0.1, it;q=0")).text());
        assertEquals("[" + Locale.getDefault() + "]", client.get("/").text());
    }

    @Test
    void attributesAndRequestIds() throws Exception {
        TestClient client = client((request, response) -> {
            request.setAttribute("a", 1);
            request.setAttribute("a", null);
            response.getWriter().write(request.getAttribute("a") + "|" + !request.getRequestId().isEmpty()
                    + "|" + request.getServletConnection().getProtocol() + "|" + request.getRemotePort());
        });
        assertEquals("null|true|http/1.1|0", client.get("/").text());
    }
}
