package dev.gateway.spi.testing;

import dev.gateway.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request for {@link TestClient}: method, target (path and query, as on the request line),
 * protocol, headers in order, and the body bytes the application will read from
 * {@code gateway.input}.
 *
 * <pre>{@code
 * TestRequest.post("/upload?name=a.txt").header("Content-Type", "text/plain").body("hello")
 * }</pre>
 *
 * <p>{@link TestClient} adds {@code Host: localhost} to an HTTP/1.1 request without one, and
 * {@code Content-Length} to a request with a body and neither {@code Content-Length} nor
 * {@code Transfer-Encoding}, as an HTTP client would.
 */
public final class TestRequest {

    private final String method;
    private final String target;
    private String protocol = "HTTP/1.1";
    private final List<Header> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private TestRequest(String method, String target) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A request with any method, e.g. {@code of("OPTIONS", "*")}. */
    public static TestRequest of(String method, String target) {
        return new TestRequest(method, target);
    }

    /** A {@code GET} of {@code target}, e.g. {@code "/search?q=x"}. */
    public static TestRequest get(String target) {
        return new TestRequest("GET", target);
    }

    /** A {@code HEAD} of {@code target}. */
    public static TestRequest head(String target) {
        return new TestRequest("HEAD", target);
    }

    /** A {@code POST} to {@code target}; give the body with {@link #body}. */
    public static TestRequest post(String target) {
        return new TestRequest("POST", target);
    }

    /** Adds a header (repeat the call for a repeated header). */
    public TestRequest header(String name, String value) {
        headers.add(Header.of(name, value));
        return this;
    }

    /** Sets the body bytes. */
    public TestRequest body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    /** Sets the body to {@code text} encoded as UTF-8. */
    public TestRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the protocol: {@code HTTP/1.1} (the default) or {@code HTTP/1.0}. */
    public TestRequest protocol(String protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    /** The method. */
    public String method() {
        return method;
    }

    /** The target as on the request line. */
    public String target() {
        return target;
    }

    /** The protocol. */
    public String protocol() {
        return protocol;
    }

    /** The headers given, in order (without the ones {@link TestClient} adds). */
    public List<Header> headers() {
        return List.copyOf(headers);
    }

    /** The body bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
        return Header.firstValue(headers, name);
    }
}
