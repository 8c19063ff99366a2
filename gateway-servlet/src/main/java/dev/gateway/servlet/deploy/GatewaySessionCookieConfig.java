package dev.gateway.servlet.deploy;

import jakarta.servlet.SessionCookieConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session cookie's settings (Servlet 6.1 section 7.1.1): name {@code JSESSIONID}, path = the context
 * path ({@code /} for the root context), HttpOnly by default as in Tomcat 11, Secure when the request is
 * secure (or always, when set), and any other cookie attribute ({@code SameSite}, {@code Partitioned})
 * through {@link #setAttribute}. Changeable only while the context is being initialized.
 */
public final class GatewaySessionCookieConfig implements SessionCookieConfig {

    private static final String DOMAIN = "Domain";
    private static final String PATH = "Path";
    private static final String MAX_AGE = "Max-Age";
    private static final String SECURE = "Secure";
    private static final String HTTP_ONLY = "HttpOnly";

    private final GatewayServletContext context;
    private volatile String name = "JSESSIONID";
    /** Attributes by name, case-insensitively (Servlet 6.0 added arbitrary attributes). */
    private final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    GatewaySessionCookieConfig(GatewayServletContext context) {
        this.context = context;
        attributes.put(HTTP_ONLY, "");
    }

    @Override
    public void setName(String name) {
        context.checkInitializing("setName");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("session cookie name must not be empty");
        }
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        setAttribute(DOMAIN, domain);
    }

    @Override
    public String getDomain() {
        return getAttribute(DOMAIN);
    }

    @Override
    public void setPath(String path) {
        setAttribute(PATH, path);
    }

    @Override
    public String getPath() {
        return getAttribute(PATH);
    }

    @Override
    @Deprecated(since = "Servlet 6.0")
    public void setComment(String comment) {
        context.checkInitializing("setComment");
    }

    @Override
    @Deprecated(since = "Servlet 6.0")
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        setAttribute(HTTP_ONLY, httpOnly ? "" : null);
    }

    @Override
    public boolean isHttpOnly() {
        return getAttribute(HTTP_ONLY) != null;
    }

    @Override
    public void setSecure(boolean secure) {
        setAttribute(SECURE, secure ? "" : null);
    }

    @Override
    public boolean isSecure() {
        return getAttribute(SECURE) != null;
    }

    @Override
    public void setMaxAge(int maxAge) {
        setAttribute(MAX_AGE, Integer.toString(maxAge));
    }

    @Override
    public int getMaxAge() {
        String value = getAttribute(MAX_AGE);
        return value == null ? -1 : Integer.parseInt(value);
    }

    /** Sets (or, with a null value, removes) a cookie attribute; {@code ""} means a flag such as {@code Partitioned}. */
    @Override
    public synchronized void setAttribute(String name, String value) {
        context.checkInitializing("setAttribute");
        if (name == null || name.isEmpty() || name.toLowerCase(Locale.ROOT).equals("comment")) {
            throw new IllegalArgumentException("invalid cookie attribute name: " + name);
        }
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public synchronized String getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public synchronized Map<String, String> getAttributes() {
        return Map.copyOf(attributes);
    }
}
