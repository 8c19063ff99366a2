package dev.gateway.servlet.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link SessionStore} keeps of one session: its id, times, timeout and attributes. Mutable, and
 * shared by the requests of the session: the in-memory store hands out the same object to every
 * request; a shared store may hand out a fresh copy per request and write it back in
 * {@link SessionStore#save}.
 */
public final class SessionData {

    private volatile String id;
    private final long creationTime;
    private volatile long lastAccessedTime;
    private volatile long thisAccessedTime;
    private volatile int maxInactiveInterval;
    private volatile boolean isNew = true;
    private volatile boolean invalidated;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    /**
     * @param id                  the session id
     * @param creationTime        millis since the epoch
     * @param maxInactiveInterval seconds; zero or less: never expires
     */
    public SessionData(String id, long creationTime, int maxInactiveInterval) {
        this.id = id;
        this.creationTime = creationTime;
        this.lastAccessedTime = creationTime;
        this.thisAccessedTime = creationTime;
        this.maxInactiveInterval = maxInactiveInterval;
    }

    public String id() {
        return id;
    }

    void id(String id) {
        this.id = id;
    }

    public long creationTime() {
        return creationTime;
    }

    /** The time of the previous request of this session (Servlet 6.1 HttpSession.getLastAccessedTime). */
    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    public int maxInactiveInterval() {
        return maxInactiveInterval;
    }

    void maxInactiveInterval(int seconds) {
        this.maxInactiveInterval = seconds;
    }

    /** True until a request after the one that created it joined it (Servlet 6.1 section 7.2). */
    public boolean isNew() {
        return isNew;
    }

    /** True once the session was invalidated (or expired). */
    public boolean invalidated() {
        return invalidated;
    }

    void markInvalidated() {
        invalidated = true;
    }

    /** The attributes by name. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** A request of this session starts at {@code now}. */
    void access(long now) {
        thisAccessedTime = now;
        isNew = false;
    }

    /** The request that accessed the session ended: its start becomes the last access time. */
    void endAccess() {
        lastAccessedTime = thisAccessedTime;
    }

    /** True when the session was not accessed within its timeout before {@code now}. */
    public boolean expiredAt(long now) {
        long last = Math.max(lastAccessedTime, thisAccessedTime);
        return maxInactiveInterval > 0 && now - last >= maxInactiveInterval * 1000L;
    }
}
