package dev.gateway.spi.lint;

import dev.gateway.spi.Environ;

/**
 * What Lint knows of one call: the status and Content-Length the application gave, the body bytes it
 * produced so far, and the thread the server called it on. Shared by the start, write and body
 * checks of that call.
 */
final class LintCall {

    private final Lint lint;
    private final Thread thread = Thread.currentThread();
    private final boolean head;
    private String status;
    private int statusCode;
    private long contentLength = -1;
    private long bodyBytes;
    private volatile boolean returned;
    private boolean excInfoRethrown;
    private boolean ended;
    /** The application accepted a WebSocket upgrade: its session replaces start() and the body. */
    private volatile boolean accepted;

    LintCall(Lint lint, Environ environ) {
        this.lint = lint;
        this.head = "HEAD".equals(environ.requestMethod());
    }

    /** THREAD-1: the server iterates and closes the body on the thread it called the application on. */
    void checkThread(String what) {
        Thread current = Thread.currentThread();
        if (current != thread) {
            throw lint.fail(Rule.THREAD_1, what + " ran on thread " + current.getName()
                    + " but call() ran on thread " + thread.getName());
        }
    }

    /** Records a successful {@code start()}. */
    void started(String status, int statusCode, long contentLength) {
        this.status = status;
        this.statusCode = statusCode;
        this.contentLength = contentLength;
    }

    boolean started() {
        return status != null;
    }

    /** Records a successful {@code accept()} of the WebSocket upgrade. */
    void accepted() {
        accepted = true;
    }

    boolean isAccepted() {
        return accepted;
    }

    /** The server rethrew an {@code excInfo} (the head had gone out): the application must let it propagate. */
    void markExcInfoRethrown() {
        excInfoRethrown = true;
    }

    /** START-5: {@code where} returned normally although a rethrown {@code excInfo} should have ended it. */
    void checkNotSwallowed(String where) {
        if (excInfoRethrown) {
            throw lint.fail(Rule.START_5, where + " returned normally after start() rethrew its excInfo;"
                    + " the head had gone out, so the failure must propagate");
        }
    }

    void markReturned() {
        returned = true;
    }

    boolean returned() {
        return returned;
    }

    /** Accounts for {@code length} body bytes from {@code source} (a chunk, write(), a FileBody). */
    void bodyBytes(long length, String source) {
        if (length == 0) {
            return;
        }
        if (accepted) {
            throw lint.fail(Rule.WS_5, "a non-empty " + source + " came after accept(); the session replaced the response");
        }
        if (status == null) {
            throw lint.fail(Rule.START_4, "a non-empty " + source + " came before start() was called");
        }
        if (statusCode == 204 || statusCode == 304) {
            throw lint.fail(Rule.BODY_7, "a " + status + " response has a non-empty " + source + "; it has no body");
        }
        bodyBytes += length;
        if (!head && contentLength >= 0 && bodyBytes > contentLength) {
            throw lint.fail(Rule.BODY_6, "the body has more than its Content-Length of " + contentLength + " bytes");
        }
    }

    /** The body ended (fully iterated): it must have started, and be as long as it said. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (accepted) {
            return; // the 101 was the response
        }
        if (status == null) {
            throw lint.fail(Rule.START_4, "the body ended and start() was never called");
        }
        if (!head && contentLength >= 0 && bodyBytes < contentLength && statusCode != 304) {
            throw lint.fail(Rule.BODY_6, "the body has " + bodyBytes + " bytes but its Content-Length says " + contentLength);
        }
    }
}
