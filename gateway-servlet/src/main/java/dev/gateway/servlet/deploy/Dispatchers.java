package dev.gateway.servlet.deploy;

import jakarta.servlet.RequestDispatcher;

/**
 * Makes the context's {@link RequestDispatcher}s (Servlet 6.1 chapter 9). The dispatch package provides
 * it when the application is built, so the context does not depend on how dispatching works.
 */
public interface Dispatchers {

    /** A dispatcher for the context-relative {@code path} (starting with {@code /}, optionally with a query). */
    RequestDispatcher forPath(String path);

    /** A dispatcher for the servlet {@code servlet}, by name. */
    RequestDispatcher named(ServletHolder servlet);
}
