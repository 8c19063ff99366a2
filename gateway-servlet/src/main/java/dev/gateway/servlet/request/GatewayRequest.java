package dev.gateway.servlet.request;

import dev.gateway.servlet.http.ContentTypes;
import dev.gateway.servlet.async.AsyncControl;
import dev.gateway.servlet.async.NonBlockingIo;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.session.RequestSessions;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import jakarta.servlet.AsyncContext;
import dev.gateway.servlet.multipart.MultipartBody;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link HttpServletRequest} of one request, read from its environ (Servlet 6.1 chapter 3). What
 * the environ gives is reported as it is: the scheme is {@code gateway.url_scheme}, the remote address
 * {@code REMOTE_ADDR}, the server name and port {@code SERVER_NAME} and {@code SERVER_PORT} (so a
 * trusted proxy's forwarded headers, applied by the server, reach the application). Dispatches
 * (forward, include, error, async) see it through a {@link DispatchedRequest}.
 */
public final class GatewayRequest implements HttpServletRequest {

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private enum Input { NONE, STREAM, READER }

    private final Environ environ;
    private final GatewayServletContext context;
    private final RequestHeaders headers;
    private final String contextPath;
    private final String requestUri;
    /** Sized for a framework's dozen or so per request (Spring MVC sets about ten): no resize on the way. */
    private final Map<String, Object> attributes = new ConcurrentHashMap<>(32);
    private final String requestId = Long.toString(REQUEST_IDS.incrementAndGet());
    private RequestSessions sessions;
    private AsyncControl async;
    private HttpServletResponse response;
    private String servletPath = "";
    private String pathInfo;
    private HttpServletMapping mapping;
    private String characterEncoding;
    private Parameters parameters;
    private Input input = Input.NONE;
    private RequestInput stream;
    private BufferedReader reader;
    private List<Cookie> cookies;
    private List<Locale> locales;
    private MultipartConfigElement multipartConfig;
    private MultipartBody multipart;

    /**
     * @param environ     the request
     * @param context     the application
     * @param contextPath the context path of this request ({@code SCRIPT_NAME}, see {@code ServletApplication})
     */
    public GatewayRequest(Environ environ, GatewayServletContext context, String contextPath) {
        this.environ = environ;
        this.context = context;
        this.headers = new RequestHeaders(environ);
        this.contextPath = contextPath;
        this.requestUri = RequestUris.path(environ.getString(EnvironKeys.RAW_URI));
    }

    /** Connects the per-request collaborators; called once by the container before the first dispatch. */
    public void attach(RequestSessions sessions, AsyncControl async, HttpServletResponse response) {
        this.sessions = sessions;
        this.async = async;
        this.response = response;
    }

    /** Sets what the servlet mapping found for the REQUEST dispatch (Servlet 6.1 section 12.1). */
    public void mapped(String servletPath, String pathInfo, HttpServletMapping mapping) {
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        this.mapping = mapping;
    }

    /** The MultipartConfig of the servlet the request was mapped to (section 3.2), or null. */
    public void multipartConfig(MultipartConfigElement config) {
        this.multipartConfig = config;
    }

    /** Deletes the temporary files of a multipart body; the request ended. */
    public void release() {
        if (multipart != null) {
            multipart.delete();
        }
    }

    /** The environ of this request. */
    public Environ environ() {
        return environ;
    }

    /** The async state of this request. */
    public AsyncControl asyncControl() {
        return async;
    }

    /** The response of this request. */
    public HttpServletResponse response() {
        return response;
    }

    // Method, paths and query

    @Override
    public String getMethod() {
        return environ.requestMethod();
    }

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping;
    }

    @Override
    public String getPathTranslated() {
        return pathInfo == null ? null : context.getRealPath(pathInfo);
    }

    /** The path of the request target as received, not decoded (section 3.5). */
    @Override
    public String getRequestURI() {
        return requestUri;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer(RequestUris.origin(getScheme(), getServerName(), getServerPort())).append(requestUri);
    }

    @Override
    public String getQueryString() {
        String query = environ.queryString();
        return query == null || query.isEmpty() ? null : query;
    }

    @Override
    public String getProtocol() {
        return environ.getString(EnvironKeys.SERVER_PROTOCOL);
    }

    @Override
    public String getScheme() {
        return environ.urlScheme();
    }

    @Override
    public boolean isSecure() {
        return "https".equals(getScheme());
    }

    @Override
    public String getServerName() {
        return environ.getString(EnvironKeys.SERVER_NAME);
    }

    @Override
    public int getServerPort() {
        String port = environ.getString(EnvironKeys.SERVER_PORT);
        return port == null || port.isEmpty() ? (isSecure() ? 443 : 80) : Integer.parseInt(port);
    }

    // Client and connection

    @Override
    public String getRemoteAddr() {
        return environ.getString(EnvironKeys.REMOTE_ADDR);
    }

    /** No DNS lookups (Tomcat's default {@code enableLookups=false}): the address. */
    @Override
    public String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    public int getRemotePort() {
        String port = environ.getString(EnvironKeys.REMOTE_PORT);
        return port == null || port.isEmpty() ? 0 : Integer.parseInt(port);
    }

    /**
     * The local address ({@code gateway.local_addr}), without a DNS lookup; a host that gives none
     * (an environ built by hand) gets the server name.
     */
    @Override
    public String getLocalName() {
        return getLocalAddr();
    }

    /** {@code gateway.local_addr}: the server's side of the connection; else the server name. */
    @Override
    public String getLocalAddr() {
        Object local = environ.get(EnvironKeys.LOCAL_ADDR);
        return local instanceof String address && !address.isEmpty() ? address : getServerName();
    }

    /** {@code gateway.local_port}: the server's side of the connection; else the server port. */
    @Override
    public int getLocalPort() {
        Object local = environ.get(EnvironKeys.LOCAL_PORT);
        return local instanceof String port && !port.isEmpty() ? Integer.parseInt(port) : getServerPort();
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    /** HTTP/1.x has no protocol-level request id (section 3.14.1). */
    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        String connectionId = getRemoteAddr() + ":" + getRemotePort();
        String protocol = "HTTP/1.0".equals(getProtocol()) ? "http/1.0" : "http/1.1";
        boolean secure = isSecure();
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return connectionId;
            }

            @Override
            public String getProtocol() {
                return protocol;
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
    }

    // Headers, cookies, locales

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return headers.values(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return headers.names();
    }

    @Override
    public long getDateHeader(String name) {
        return headers.date(name);
    }

    @Override
    public int getIntHeader(String name) {
        return headers.integer(name);
    }

    /** Section 3.10: null when the request has no cookies. */
    @Override
    public Cookie[] getCookies() {
        if (cookies == null) {
            cookies = CookieParser.parse(headers.get("cookie"));
        }
        return cookies.isEmpty() ? null : cookies.stream().map(Cookie::clone).toArray(Cookie[]::new);
    }

    /** The cookies as sent, for session lookup. */
    public List<Cookie> cookieList() {
        if (cookies == null) {
            cookies = CookieParser.parse(headers.get("cookie"));
        }
        return cookies;
    }

    @Override
    public Locale getLocale() {
        return locales().get(0);
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(locales());
    }

    private List<Locale> locales() {
        if (locales == null) {
            locales = AcceptLanguage.locales(headers.get("accept-language"));
        }
        return locales;
    }

    // Body: content type, encoding, parameters, input

    @Override
    public String getContentType() {
        return environ.contentType();
    }

    @Override
    public int getContentLength() {
        long length = environ.contentLength();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return environ.contentLength();
    }

    /**
     * Section 3.12: the encoding set by {@link #setCharacterEncoding}, else the Content-Type's charset,
     * else the context's request character encoding, else null (ISO-8859-1 is then used).
     */
    @Override
    public String getCharacterEncoding() {
        if (characterEncoding != null) {
            return characterEncoding;
        }
        String charset = ContentTypes.charset(getContentType());
        return charset != null ? charset : context.getRequestCharacterEncoding();
    }

    /** Ignored once the parameters were parsed or the reader taken (section 3.12). */
    @Override
    public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        if (input == Input.READER || parameters != null) {
            return;
        }
        charset(encoding);
        this.characterEncoding = encoding;
    }

    private static Charset charset(String name) throws UnsupportedEncodingException {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(name);
        }
    }

    private Charset bodyCharset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : charset(name);
        } catch (UnsupportedEncodingException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /**
     * The parameters of the REQUEST dispatch, parsed on first use (section 3.1.1); for a multipart POST
     * to a servlet with a MultipartConfig, the plain form fields too (section 3.2).
     */
    public Parameters parameters() {
        if (parameters == null) {
            boolean post = "POST".equals(getMethod()) && input == Input.NONE;
            boolean form = post && "application/x-www-form-urlencoded".equalsIgnoreCase(ContentTypes.mediaType(getContentType()));
            boolean parts = post && multipartConfig != null && MultipartBody.isMultipart(getContentType());
            Parameters parsed = Parameters.parse(environ.queryString(), form ? input() : null, bodyCharset());
            parameters = parts ? parsed.plus(multipartFields()) : parsed;
        }
        return parameters;
    }

    private Map<String, List<String>> multipartFields() {
        try {
            return multipart().fields(bodyCharset());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ServletException e) {
            return Map.of();
        }
    }

    /** Section 3.2: the body's parts, read once; only for a servlet with a MultipartConfig. */
    private MultipartBody multipart() throws IOException, ServletException {
        if (multipart == null) {
            if (multipartConfig == null) {
                throw new IllegalStateException("no multipart configuration for the servlet of this request"
                        + " (ServletRegistration.Dynamic.setMultipartConfig)");
            }
            if (input != Input.NONE) {
                throw new IllegalStateException("the request body was read already");
            }
            input = Input.STREAM;
            multipart = MultipartBody.read(input(), getContentType(), multipartConfig);
        }
        return multipart;
    }

    @Override
    public String getParameter(String name) {
        return parameters().get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return parameters().names();
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters().getValues(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters().asMap();
    }

    private RequestInput input() {
        if (stream == null) {
            stream = new RequestInput(environ.input(), environ.contentLength(), (in, listener) ->
                    NonBlockingIo.read(in, listener, isAsyncStarted(), context.getClassLoader()));
        }
        return stream;
    }

    /** Section 3.12: {@link IllegalStateException} once {@link #getReader} was called. */
    @Override
    public ServletInputStream getInputStream() {
        if (input == Input.READER) {
            throw new IllegalStateException("getReader() was called already");
        }
        input = Input.STREAM;
        return input();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (input == Input.STREAM) {
            throw new IllegalStateException("getInputStream() was called already");
        }
        if (reader == null) {
            String name = getCharacterEncoding();
            reader = new BufferedReader(new InputStreamReader(input(), name == null ? StandardCharsets.ISO_8859_1 : charset(name)));
        }
        input = Input.READER;
        return reader;
    }

    // Attributes

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(Set.copyOf(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object o) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name is null");
        }
        if (o == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, o);
        if (context.listeners().any(ServletRequestAttributeListener.class)) {
            ServletRequestAttributeEvent event = new ServletRequestAttributeEvent(context, this, name, old == null ? o : old);
            context.listeners().fire(ServletRequestAttributeListener.class,
                    old == null ? l -> l.attributeAdded(event) : l -> l.attributeReplaced(event));
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null && context.listeners().any(ServletRequestAttributeListener.class)) {
            ServletRequestAttributeEvent event = new ServletRequestAttributeEvent(context, this, name, old);
            context.listeners().fire(ServletRequestAttributeListener.class, l -> l.attributeRemoved(event));
        }
    }

    // Dispatch

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        String resolved = RelativePaths.resolve(this, path);
        return resolved == null ? null : context.getRequestDispatcher(resolved);
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    // Async (section 2.3.3.3)

    @Override
    public AsyncContext startAsync() {
        return async.start(this, response, true);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return async.start(servletRequest, servletResponse, servletRequest == this && servletResponse == response);
    }

    @Override
    public boolean isAsyncStarted() {
        return async.isStarted();
    }

    @Override
    public boolean isAsyncSupported() {
        return async.isSupported();
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async.context();
    }

    // Sessions (chapter 7)

    @Override
    public HttpSession getSession(boolean create) {
        return sessions.session(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return sessions.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return sessions.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessions.isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessions.requestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    // Security: no authentication mechanism is configured (not implemented yet).

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws ServletException {
        throw new ServletException("no authentication mechanism is configured (gateway-servlet has none yet)");
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException("no authentication mechanism is configured (gateway-servlet has none yet)");
    }

    @Override
    public void logout() {
        // nobody is logged in
    }

    // Multipart (section 3.2)

    /**
     * The parts of a {@code multipart/form-data} body: {@link ServletException} for another content type,
     * {@link IllegalStateException} without a MultipartConfig or over its limits.
     */
    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return multipart().parts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return multipart().part(name);
    }

    // Not implemented yet

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
        throw new ServletException("HTTP upgrade is not supported under the gateway contract");
    }
}
