package dev.gateway.servlet.session;

import dev.gateway.servlet.deploy.GatewayServletContext;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions of one context (Servlet 6.1 chapter 7): creates them with fresh ids, finds them again,
 * expires them lazily when a request finds one past its timeout and, at most once a minute, sweeps the
 * store on the thread of a request (no thread of its own), and tells the session listeners.
 */
public final class SessionManager {

    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final GatewayServletContext context;
    private final SessionStore store;
    private final AtomicLong lastSweep = new AtomicLong(System.currentTimeMillis());
    private final AtomicBoolean warnedAboutProcesses = new AtomicBoolean();

    public SessionManager(GatewayServletContext context, SessionStore store) {
        this.context = context;
        this.store = store;
    }

    GatewayServletContext context() {
        return context;
    }

    /** The live session {@code id} names; an expired one is invalidated first and null returned. */
    GatewaySession find(String id, long now) {
        SessionData data = id == null ? null : store.load(id);
        if (data == null) {
            return null;
        }
        GatewaySession session = new GatewaySession(this, data);
        if (data.expiredAt(now)) {
            session.invalidate();
            return null;
        }
        return session;
    }

    /**
     * A new session, stored and announced (HttpSessionListener.sessionCreated).
     *
     * @param multiprocess whether other processes serve the same application ({@code gateway.multiprocess})
     */
    GatewaySession create(long now, boolean multiprocess) {
        if (multiprocess && store instanceof InMemorySessionStore && warnedAboutProcesses.compareAndSet(false, true)) {
            // Process workers share no memory: the client's next request may reach another worker.
            context.log("WARNING: HTTP sessions are kept in this worker process's memory, and other worker processes"
                    + " serve this application: a session is lost when the client's next request reaches another one."
                    + " Run one process worker (-w 1 -k process, or -k thread/virtual), or plug a shared SessionStore"
                    + " (ServletApplicationBuilder.sessionStore).");
        }
        SessionData data = new SessionData(SessionIds.next(), now, context.getSessionTimeout() * 60);
        store.save(data);
        GatewaySession session = new GatewaySession(this, data);
        HttpSessionEvent event = new HttpSessionEvent(session);
        context.listeners().fire(HttpSessionListener.class, l -> l.sessionCreated(event));
        return session;
    }

    /** Gives {@code session} a new id (section 7.1.4, changeSessionId) and tells HttpSessionIdListeners. */
    String changeId(GatewaySession session) {
        SessionData data = session.data();
        String oldId = data.id();
        store.remove(oldId);
        data.id(SessionIds.next());
        store.save(data);
        HttpSessionEvent event = new HttpSessionEvent(session);
        context.listeners().fire(HttpSessionIdListener.class, l -> l.sessionIdChanged(event, oldId));
        return data.id();
    }

    /** A request that used {@code data} ended: record the access and write it back. */
    void release(SessionData data) {
        data.endAccess();
        if (store.load(data.id()) != null) {
            store.save(data);
        }
    }

    /** Announces and removes an invalidated session (HttpSessionListener.sessionDestroyed comes first). */
    void destroyed(GatewaySession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        context.listeners().fireReversed(HttpSessionListener.class, l -> l.sessionDestroyed(event));
        store.remove(session.data().id());
    }

    /** Expires every session past its timeout, at most once per minute; called as requests arrive. */
    public void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_MILLIS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        sweep(now);
    }

    /** Expires every session past its timeout at {@code now}. */
    public void sweep(long now) {
        for (SessionData data : store.expired(now)) {
            invalidateQuietly(new GatewaySession(this, data));
        }
    }

    /** Invalidates every session (the context is ending). */
    public void invalidateAll() {
        for (SessionData data : store.all()) {
            invalidateQuietly(new GatewaySession(this, data));
        }
    }

    private void invalidateQuietly(GatewaySession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException e) {
            // invalidated by another thread meanwhile
        } catch (RuntimeException e) {
            context.log("a session listener failed while session " + session.data().id() + " expired", e);
        }
    }
}
