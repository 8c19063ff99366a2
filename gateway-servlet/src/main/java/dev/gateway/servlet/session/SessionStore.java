package dev.gateway.servlet.session;

import java.util.List;

/**
 * Where sessions live. {@link InMemorySessionStore} is the default; a store shared by several processes
 * or machines (a database, Redis) implements this too and is given to
 * {@code ServletApplication.builder().sessionStore(...)}. Implementations must be thread-safe.
 *
 * <p>The container calls {@link #load} when a request names a session, {@link #save} when a request that
 * used the session ends (and when it is created), {@link #remove} when it is invalidated or expired or
 * its id changed, and {@link #expired} from time to time to find the sessions to expire. Expiry is
 * decided by the container, which also tells the listeners.
 */
public interface SessionStore {

    /** The session with {@code id}, or null. */
    SessionData load(String id);

    /** Stores {@code session} under its id (again). */
    void save(SessionData session);

    /** Removes the session with {@code id}, if any. */
    void remove(String id);

    /** The sessions whose timeout passed at {@code now} (millis since the epoch). */
    List<SessionData> expired(long now);

    /** Every session (for the context's shutdown, which invalidates them). */
    List<SessionData> all();
}
