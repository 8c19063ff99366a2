package dev.gateway.servlet.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in this JVM's memory: the default {@link SessionStore}. Lost when the process ends. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, SessionData> sessions = new ConcurrentHashMap<>();

    @Override
    public SessionData load(String id) {
        return sessions.get(id);
    }

    @Override
    public void save(SessionData session) {
        sessions.put(session.id(), session);
    }

    @Override
    public void remove(String id) {
        sessions.remove(id);
    }

    @Override
    public List<SessionData> expired(long now) {
        return sessions.values().stream().filter(s -> s.expiredAt(now)).toList();
    }

    @Override
    public List<SessionData> all() {
        return List.copyOf(sessions.values());
    }
}
