package dev.gateway.server.http;

import java.util.List;

/**
 * Told about every request once its response was handed to the connection: the access log and the
 * metrics are observers. Called on the worker thread that ran the request, so it must be quick and
 * must not throw (an exception is logged and ignored).
 *
 * <p>When nothing observes, the server holds no observer at all (null), so an unobserved request
 * costs neither a {@link RequestRecord} nor a clock read.
 */
@FunctionalInterface
public interface RequestObserver extends AutoCloseable {

    /** One request's head arrived and it is on its way to a worker (counts requests in flight). */
    default void started() {
    }

    /** One request is done. */
    void completed(RequestRecord record);

    /**
     * A request became a WebSocket (its 101 went out): its {@link #completed} comes, with status 101,
     * when the socket closes. Called on the connection's event loop.
     */
    default void webSocketOpened() {
    }

    /** Releases what the observer holds (a socket); called once when the server shuts down. */
    @Override
    default void close() {
    }

    /** All of {@code observers}, in order; null when the list is empty. */
    static RequestObserver all(List<RequestObserver> observers) {
        if (observers.isEmpty()) {
            return null;
        }
        if (observers.size() == 1) {
            return observers.get(0);
        }
        List<RequestObserver> copy = List.copyOf(observers);
        return new RequestObserver() {
            @Override
            public void started() {
                copy.forEach(RequestObserver::started);
            }

            @Override
            public void completed(RequestRecord record) {
                copy.forEach(observer -> observer.completed(record));
            }

            @Override
            public void webSocketOpened() {
                copy.forEach(RequestObserver::webSocketOpened);
            }

            @Override
            public void close() {
                copy.forEach(RequestObserver::close);
            }
        };
    }
}
