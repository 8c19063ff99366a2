package dev.gateway.servlet;

import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.Lifecycle;
import dev.gateway.servlet.session.SessionManager;
import java.util.concurrent.Callable;

/**
 * A started web application: its context and sessions and the settings requests need. Started by
 * {@link ServletApplicationBuilder#build()}, stopped by {@link ServletApplication#close()}.
 *
 * @param context       the servlet context
 * @param sessions      the session manager
 * @param contextPath   the configured context path ({@code ""} for the root)
 * @param bufferSize    the initial response buffer size
 * @param asyncTimeout  the default async timeout in millis
 */
record Deployment(GatewayServletContext context, SessionManager sessions, String contextPath, int bufferSize, long asyncTimeout) {

    /** Runs {@code action} with the application's class loader as the thread's context class loader. */
    <T> T withClassLoader(Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Stops the application (servlets, filters, sessions, listeners; see {@link Lifecycle#stop}). */
    void stop() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        try {
            Lifecycle.stop(context, sessions::invalidateAll);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
