package dev.gateway.server.websocket;

import dev.gateway.server.config.WorkerClass;

/**
 * What an open WebSocket costs under each worker class, for the startup log: a session runs inside
 * its application call for its whole life, so it holds whatever runs one call.
 */
public final class WebSocketCapacity {

    private WebSocketCapacity() {
    }

    /** One line saying where a socket's session runs and what bounds the open sockets of a worker. */
    public static String describe(WorkerClass workerClass, int threads, int workerConnections) {
        return switch (workerClass) {
            case VIRTUAL -> "one virtual thread per open socket; up to " + workerConnections
                    + " open sockets and requests per worker (worker_connections)";
            case THREAD, PROCESS -> "each open socket holds a worker thread: at most " + threads
                    + " open sockets and requests per worker (--threads; -k virtual holds thousands)";
        };
    }
}
