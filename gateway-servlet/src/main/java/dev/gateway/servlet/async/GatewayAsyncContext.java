package dev.gateway.servlet.async;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link AsyncContext} of one {@code startAsync} (Servlet 6.1 section 2.3.3.3). {@link #start} runs
 * its task on a new virtual thread with the application's class loader as context class loader.
 */
public final class GatewayAsyncContext implements AsyncContext {

    /** Calls one listener method. */
    interface ListenerCall {
        void call(AsyncListener listener, AsyncEvent event) throws IOException;
    }

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final AsyncControl control;
    private final ServletRequest request;
    private final ServletResponse response;
    private final boolean original;
    private final List<Registered> listeners = new CopyOnWriteArrayList<>();

    GatewayAsyncContext(AsyncControl control, ServletRequest request, ServletResponse response, boolean original) {
        this.control = control;
        this.request = request;
        this.response = response;
        this.original = original;
    }

    List<AsyncListener> takeListeners() {
        List<AsyncListener> taken = new ArrayList<>();
        listeners.forEach(r -> taken.add(r.listener()));
        listeners.clear();
        return taken;
    }

    void fire(ListenerCall call, Throwable failure) {
        for (Registered registered : listeners) {
            AsyncEvent event = new AsyncEvent(this, registered.request(), registered.response(), failure);
            try {
                call.call(registered.listener(), event);
            } catch (IOException | RuntimeException e) {
                request.getServletContext().log("an AsyncListener failed", e);
            }
        }
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return original;
    }

    /**
     * Section 2.3.3.3 dispatch(): to the path of the request given to startAsync (its servlet path and
     * path info), with the ASYNC dispatcher type. The query stays the request's own, so its parameters
     * are not added a second time.
     */
    @Override
    public void dispatch() {
        String path = "/";
        if (request instanceof HttpServletRequest http) {
            String current = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
            path = current.isEmpty() ? "/" : current;
        }
        control.dispatch(path);
    }

    @Override
    public void dispatch(String path) {
        control.dispatch(path);
    }

    /** Only this context is known: {@code context} must be it. */
    @Override
    public void dispatch(ServletContext context, String path) {
        if (context != request.getServletContext()) {
            throw new IllegalArgumentException("dispatch to another context is not supported");
        }
        control.dispatch(path);
    }

    @Override
    public void complete() {
        control.complete();
    }

    @Override
    public void start(Runnable run) {
        ClassLoader loader = request.getServletContext().getClassLoader();
        Thread.ofVirtual().name("gateway-servlet-async").start(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            run.run();
        });
    }

    @Override
    public void addListener(AsyncListener listener) {
        addListener(listener, request, response);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        listeners.add(new Registered(listener, servletRequest, servletResponse));
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        try {
            return clazz.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot instantiate " + clazz.getName(), e);
        }
    }

    @Override
    public void setTimeout(long timeout) {
        control.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return control.timeout();
    }
}
