package dev.gateway.servlet.dispatch;

import dev.gateway.servlet.async.AsyncControl;
import dev.gateway.servlet.deploy.Dispatchers;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.ServletHolder;
import dev.gateway.servlet.request.DispatchedRequest;
import dev.gateway.servlet.request.GatewayRequest;
import dev.gateway.servlet.response.GatewayResponse;
import dev.gateway.servlet.response.IncludedResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@link RequestDispatcher} (Servlet 6.1 chapter 9): forward and include, to a path (mapped by the rules of
 * chapter 12, with the {@code jakarta.servlet.forward.*} / {@code .include.*} attributes of sections 9.3.1
 * and 9.4.2) or to a named servlet (no attributes, paths unchanged).
 */
public final class GatewayRequestDispatcher implements RequestDispatcher {

    private final GatewayServletContext context;
    private final String pathAndQuery;
    private final ServletHolder named;

    private GatewayRequestDispatcher(GatewayServletContext context, String pathAndQuery, ServletHolder named) {
        this.context = context;
        this.pathAndQuery = pathAndQuery;
        this.named = named;
    }

    /** The dispatchers of {@code context}, by path and by name. */
    public static Dispatchers of(GatewayServletContext context) {
        return new Dispatchers() {
            @Override
            public RequestDispatcher forPath(String path) {
                return new GatewayRequestDispatcher(context, path, null);
            }

            @Override
            public RequestDispatcher named(ServletHolder servlet) {
                return new GatewayRequestDispatcher(context, null, servlet);
            }
        };
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (response.isCommitted()) {
            throw new IllegalStateException("forward() after the response was committed (Servlet 6.1 section 9.4)");
        }
        response.resetBuffer();
        HttpServletRequest http = (HttpServletRequest) request;
        GatewayRequest base = unwrap(request);
        AsyncControl async = base.asyncControl();
        if (named != null) {
            DispatchedRequest forwarded = new DispatchedRequest(http, context, DispatcherType.FORWARD, null, Map.of());
            ServletInvoker.invoke(context, async, DispatcherType.FORWARD, path(http), named, forwarded, response);
        } else {
            DispatchPath target = DispatchPath.of(context, pathAndQuery);
            if (target == null || target.match() == null) {
                ((HttpServletResponse) response).sendError(404);
                return;
            }
            // Section 9.4.2: the attributes describe the request as the first servlet saw it; nested forwards keep them.
            Map<String, Object> attributes = http.getAttribute(FORWARD_REQUEST_URI) == null
                    ? DispatchedRequest.pathAttributes(http, "jakarta.servlet.forward.") : Map.of();
            DispatchedRequest forwarded = new DispatchedRequest(http, context, DispatcherType.FORWARD,
                    target.target(http.getContextPath()), attributes);
            ServletInvoker.invoke(context, async, DispatcherType.FORWARD, target.path(), target.match().target(), forwarded, response);
        }
        closeAfterForward(base, async);
    }

    /**
     * Section 9.4: after a forward the response is complete, unless the request went async or an error is
     * pending. It is sent when the request ends (right after), so a response that fits the buffer keeps its
     * Content-Length.
     */
    private static void closeAfterForward(GatewayRequest base, AsyncControl async) {
        if (!async.isStarted() && base.response() instanceof GatewayResponse response && !response.isError()) {
            response.closeBody();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        HttpServletRequest http = (HttpServletRequest) request;
        IncludedResponse included = new IncludedResponse((HttpServletResponse) response);
        AsyncControl async = unwrap(request).asyncControl();
        if (named != null) {
            DispatchedRequest dispatched = new DispatchedRequest(http, context, DispatcherType.INCLUDE, null, Map.of());
            ServletInvoker.invoke(context, async, DispatcherType.INCLUDE, path(http), named, dispatched, included);
            return;
        }
        DispatchPath target = DispatchPath.of(context, pathAndQuery);
        if (target == null || target.match() == null) {
            throw new ServletException("no servlet for the included path " + pathAndQuery);
        }
        DispatchedRequest.Target paths = target.target(http.getContextPath());
        // Section 9.3.1: the attributes describe the included target; the request's own paths stay.
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put(INCLUDE_REQUEST_URI, paths.requestUri());
        attributes.put(INCLUDE_CONTEXT_PATH, http.getContextPath());
        attributes.put(INCLUDE_SERVLET_PATH, paths.servletPath());
        attributes.put(INCLUDE_MAPPING, paths.mapping());
        if (paths.pathInfo() != null) {
            attributes.put(INCLUDE_PATH_INFO, paths.pathInfo());
        }
        if (paths.queryString() != null) {
            attributes.put(INCLUDE_QUERY_STRING, paths.queryString());
        }
        DispatchedRequest dispatched = new DispatchedRequest(http, context, DispatcherType.INCLUDE, paths, attributes);
        ServletInvoker.invoke(context, async, DispatcherType.INCLUDE, target.path(), target.match().target(), dispatched, included);
    }

    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** The container's request under any application wrappers (section 9.5 lets applications wrap them). */
    static GatewayRequest unwrap(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) {
            current = wrapper.getRequest();
        }
        if (current instanceof GatewayRequest gateway) {
            return gateway;
        }
        throw new IllegalArgumentException("the request is not one of this container's (or a wrapper of one)");
    }

    /** The container's response under any wrappers. */
    static ServletResponse unwrap(ServletResponse response) {
        ServletResponse current = response;
        while (current instanceof ServletResponseWrapper wrapper) {
            current = wrapper.getResponse();
        }
        return current;
    }
}
