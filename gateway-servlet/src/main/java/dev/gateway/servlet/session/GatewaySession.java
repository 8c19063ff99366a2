package dev.gateway.servlet.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;

/**
 * An {@link HttpSession} over its {@link SessionData} (Servlet 6.1 chapter 7). Attribute changes are
 * announced to {@link HttpSessionBindingListener} values and {@link HttpSessionAttributeListener}s
 * (section 7.4); every method but the id and the context throws {@link IllegalStateException} once the
 * session is invalid.
 */
final class GatewaySession implements HttpSession {

    private final SessionManager manager;
    private final SessionData data;

    GatewaySession(SessionManager manager, SessionData data) {
        this.manager = manager;
        this.data = data;
    }

    SessionData data() {
        return data;
    }

    boolean isValid() {
        return !data.invalidated();
    }

    private void checkValid(String method) {
        if (data.invalidated()) {
            throw new IllegalStateException(method + ": the session is invalidated");
        }
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return data.creationTime();
    }

    @Override
    public String getId() {
        return data.id();
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return data.lastAccessedTime();
    }

    @Override
    public ServletContext getServletContext() {
        return manager.context();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        data.maxInactiveInterval(interval);
    }

    @Override
    public int getMaxInactiveInterval() {
        return data.maxInactiveInterval();
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return data.attributes().get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(Set.copyOf(data.attributes().keySet()));
    }

    /** Section 7.4: a null value removes; valueBound before the attribute listeners hear of it. */
    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (name == null) {
            throw new IllegalArgumentException("attribute name is null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (value instanceof HttpSessionBindingListener bound) {
            bound.valueBound(new HttpSessionBindingEvent(this, name, value));
        }
        Object old = data.attributes().put(name, value);
        if (old != null && old != value && old instanceof HttpSessionBindingListener unbound) {
            unbound.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(this, name, old == null ? value : old);
        manager.context().listeners().fire(HttpSessionAttributeListener.class,
                old == null ? l -> l.attributeAdded(event) : l -> l.attributeReplaced(event));
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        unbind(name);
    }

    private void unbind(String name) {
        Object old = data.attributes().remove(name);
        if (old == null) {
            return;
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(this, name, old);
        if (old instanceof HttpSessionBindingListener unbound) {
            unbound.valueUnbound(event);
        }
        manager.context().listeners().fire(HttpSessionAttributeListener.class, l -> l.attributeRemoved(event));
    }

    /** Section 7.6: listeners hear sessionDestroyed while the attributes are still there, then they are unbound. */
    @Override
    public void invalidate() {
        synchronized (data) {
            checkValid("invalidate");
            manager.destroyed(this);
            data.markInvalidated();
            for (String name : Set.copyOf(data.attributes().keySet())) {
                unbind(name);
            }
        }
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return data.isNew();
    }

    /** The attributes (for tests and stores). */
    Map<String, Object> attributes() {
        return data.attributes();
    }
}
