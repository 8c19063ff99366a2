package dev.gateway.servlet.async;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * Non-blocking I/O (Servlet 6.1 section 5.7) on the gateway contract, whose request body and write
 * callable block: {@code isReady()} is always true, so a listener's reads and writes may block, and the
 * callbacks run on a virtual thread of their own (the request's worker waits for the async request
 * to complete, as for any async request). A {@link ReadListener} gets {@code onDataAvailable} until the
 * body is read, then {@code onAllDataRead}; a {@link WriteListener} gets {@code onWritePossible} once,
 * since the stream is always ready; a failure goes to {@code onError}.
 */
public final class NonBlockingIo {

    private NonBlockingIo() {
    }

    /** Section 5.7.1: only for an asynchronous request. */
    public static void read(ServletInputStream in, ReadListener listener, boolean asyncStarted, ClassLoader loader) {
        check(listener, asyncStarted, "setReadListener");
        start(loader, () -> {
            try {
                while (!in.isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        });
    }

    /** Section 5.7.2: only for an asynchronous request. */
    public static void write(WriteListener listener, boolean asyncStarted, ClassLoader loader) {
        check(listener, asyncStarted, "setWriteListener");
        start(loader, () -> {
            try {
                listener.onWritePossible();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        });
    }

    private static void check(Object listener, boolean asyncStarted, String method) {
        if (listener == null) {
            throw new NullPointerException(method + "(null)");
        }
        if (!asyncStarted) {
            throw new IllegalStateException(method + "() needs an asynchronous request (startAsync first)");
        }
    }

    private static void start(ClassLoader loader, Runnable callbacks) {
        Thread.ofVirtual().name("gateway-servlet-nio").start(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            callbacks.run();
        });
    }
}
