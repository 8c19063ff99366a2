package dev.gateway.servlet.session;

import dev.gateway.servlet.deploy.GatewaySessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;

/**
 * The session side of one request (Servlet 6.1 chapter 7): the session id the request's cookie names,
 * the session it joined or created, and the session cookie sent with the response ({@code JSESSIONID},
 * HttpOnly, Path = the context path, Secure on a secure request). Sessions are tracked by cookie only.
 */
public final class RequestSessions {

    private final SessionManager manager;
    private final List<Cookie> cookies;
    private final CookieSink response;
    private final String contextPath;
    private final boolean secure;
    private final boolean multiprocess;
    private final long now = System.currentTimeMillis();
    private String requestedId;
    private boolean requestedLooked;
    private GatewaySession session;
    /** True once the requested session was looked up: a lookup that found none is not repeated. */
    private boolean requestedFound;

    /**
     * @param manager     the context's sessions
     * @param cookies     the request's cookies
     * @param response    where the session cookie goes (the response)
     * @param contextPath the request's context path (the cookie's default path)
     * @param secure      whether the request is secure
     * @param multiprocess whether other processes serve the application ({@code gateway.multiprocess})
     */
    public RequestSessions(SessionManager manager, List<Cookie> cookies, CookieSink response, String contextPath, boolean secure,
                           boolean multiprocess) {
        this.manager = manager;
        this.multiprocess = multiprocess;
        this.cookies = cookies;
        this.response = response;
        this.contextPath = contextPath;
        this.secure = secure;
        manager.sweepIfDue(now);
    }

    private GatewaySessionCookieConfig cookieConfig() {
        return (GatewaySessionCookieConfig) manager.context().getSessionCookieConfig();
    }

    /** Where the session cookie goes: the response. */
    public interface CookieSink {
        /** True once the response is committed: a new session's cookie could not be sent any more. */
        boolean isCommitted();

        /** Sends {@code cookie} instead of any cookie named {@code name} set before. */
        void replaceCookie(String name, Cookie cookie);
    }

    /** The session id named by the request's first session cookie, or null. */
    public String requestedSessionId() {
        if (!requestedLooked) {
            requestedLooked = true;
            String name = cookieConfig().getName();
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    requestedId = cookie.getValue();
                    break;
                }
            }
        }
        return requestedId;
    }

    public boolean isRequestedSessionIdValid() {
        String id = requestedSessionId();
        if (id == null) {
            return false;
        }
        HttpSession current = session(false);
        return current != null && current.getId().equals(id);
    }

    /**
     * The request's session: the one it joined, else the one its cookie names (if live), else a new one
     * when {@code create} (section 7.1: not after the response was committed, as the cookie could no
     * longer be sent).
     */
    public HttpSession session(boolean create) {
        if (session != null && session.isValid()) {
            return session;
        }
        session = null;
        if (requestedSessionId() != null && !requestedFound) {
            requestedFound = true;
            session = manager.find(requestedSessionId(), now);
            if (session != null) {
                session.data().access(now);
                return session;
            }
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("cannot create a session after the response was committed");
        }
        session = manager.create(now, multiprocess);
        sendCookie(session.getId());
        return session;
    }

    /** Section 7.1.4 changeSessionId: a new id for the request's session, and a new cookie. */
    public String changeSessionId() {
        HttpSession current = session(false);
        if (current == null) {
            throw new IllegalStateException("the request has no session");
        }
        String id = manager.changeId(session);
        sendCookie(id);
        return id;
    }

    private void sendCookie(String id) {
        GatewaySessionCookieConfig config = cookieConfig();
        Cookie cookie = new Cookie(config.getName(), id);
        for (Map.Entry<String, String> attribute : config.getAttributes().entrySet()) {
            cookie.setAttribute(attribute.getKey(), attribute.getValue());
        }
        if (config.getPath() == null) {
            cookie.setPath(contextPath.isEmpty() ? "/" : contextPath);
        }
        if (secure) {
            cookie.setSecure(true);
        }
        response.replaceCookie(config.getName(), cookie);
    }

    /** The request ended: the session's access is recorded and it is written back to the store. */
    public void release() {
        if (session != null && session.isValid()) {
            manager.release(session.data());
        }
    }
}
