package dev.gateway.servlet;

import dev.gateway.servlet.async.AsyncControl;
import dev.gateway.servlet.async.NonBlockingIo;
import dev.gateway.servlet.async.GatewayAsyncContext;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.ServletHolder;
import dev.gateway.servlet.dispatch.DispatchPath;
import dev.gateway.servlet.dispatch.ServletInvoker;
import dev.gateway.servlet.mapping.ServletMatch;
import dev.gateway.servlet.request.DispatchedRequest;
import dev.gateway.servlet.request.GatewayRequest;
import dev.gateway.servlet.response.GatewayResponse;
import dev.gateway.servlet.session.RequestSessions;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.StartResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One request, from the environ to the body handed back to the server:
 * <ol>
 *   <li>the context path ({@code SCRIPT_NAME}, or the configured one) and the canonical path;</li>
 *   <li>the REQUEST dispatch: the servlet mapped to the path (chapter 12), its filters, the servlet;</li>
 *   <li>while the request is asynchronous, the worker thread waits for {@code complete()},
 *       {@code dispatch()} (then an ASYNC dispatch runs here) or the timeout ({@link AsyncControl});</li>
 *   <li>a pending {@code sendError} is answered with the error page or the container's plain page;</li>
 *   <li>{@link GatewayResponse#finish()}: a response that never committed goes back as one chunk with
 *       its Content-Length, a committed one has streamed already.</li>
 * </ol>
 * A failure before the response committed becomes an error page (by exception type, else 500); after
 * it committed it propagates, and the server ends the connection.
 */
final class RequestCycle {

    private final Deployment deployment;
    private final GatewayServletContext context;
    private final Environ environ;
    private final GatewayRequest request;
    private final GatewayResponse response;
    private final AsyncControl async;
    private final RequestSessions sessions;
    private final ErrorResponder errors;
    private final RequestPath path;

    RequestCycle(Deployment deployment, Environ environ, StartResponse startResponse) {
        this.deployment = deployment;
        this.context = deployment.context();
        this.environ = environ;
        this.path = RequestPath.of(environ, deployment.contextPath());
        this.request = new GatewayRequest(environ, context, path.contextPath());
        this.response = new GatewayResponse(startResponse, new ResponseFacts(request, context), deployment.bufferSize());
        this.async = new AsyncControl(deployment.asyncTimeout());
        this.sessions = new RequestSessions(deployment.sessions(), request.cookieList(), new CookiesOf(response),
                path.contextPath(), request.isSecure(), Boolean.TRUE.equals(environ.get(EnvironKeys.MULTIPROCESS)));
        request.attach(sessions, async, response);
        this.errors = new ErrorResponder(context, request, response, async);
    }

    /** Serves the request, with the application's class loader as context class loader; returns the body. */
    Iterable<byte[]> run() throws Exception {
        return deployment.withClassLoader(this::serve);
    }

    private Iterable<byte[]> serve() throws Exception {
        ServletRequestEvent event = new ServletRequestEvent(context, request);
        context.listeners().fire(ServletRequestListener.class, l -> l.requestInitialized(event));
        try {
            dispatchRequest();
            runAsync();
            if (response.isError()) {
                errors.answerSendError();
            }
            return response.finish();
        } finally {
            if (async.current() != null) {
                async.fireComplete();
            }
            sessions.release();
            request.release();
            context.listeners().fireReversed(ServletRequestListener.class, l -> l.requestDestroyed(event));
        }
    }

    /** The REQUEST dispatch (or the container's own answer when nothing is to be dispatched). */
    private void dispatchRequest() throws Exception {
        if ("*".equals(environ.pathInfo())) {
            // OPTIONS * asks about the server, not a resource: answered by the container, as Tomcat does.
            response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE");
            return;
        }
        if (path.path() == null) {
            response.sendError(path.refusal());
            return;
        }
        if (path.path().isEmpty()) {
            // Tomcat's mapperContextRootRedirectEnabled: /ctx is answered with a redirect to /ctx/.
            String query = request.getQueryString();
            response.sendRedirect(request.getRequestURI() + "/" + (query == null ? "" : "?" + query), 302, true);
            return;
        }
        ServletMatch<ServletHolder> match = context.mapper().match(path.path());
        if (match == null) {
            response.sendError(404);
            return;
        }
        request.mapped(match.servletPath(), match.pathInfo(), match);
        request.multipartConfig(match.target().multipartConfig());
        errors.guard(() -> ServletInvoker.invoke(context, async, DispatcherType.REQUEST, path.path(), match.target(), request,
                response));
    }

    /** Section 2.3.3.3: while the request is asynchronous, wait for what comes next, on this thread. */
    private void runAsync() throws Exception {
        while (async.pending()) {
            switch (async.awaitAction()) {
                case DISPATCH -> asyncDispatch(async.takeDispatchPath());
                case COMPLETE -> {
                    // the response ends below
                }
                case TIMEOUT -> timedOut();
            }
        }
    }

    /** onTimeout listeners first; when none completed or dispatched, the container answers 500 (section 2.3.3.3). */
    private void timedOut() {
        async.fireTimeout();
        if (async.awaiting()) {
            if (!response.isCommitted()) {
                response.sendError(500, "the asynchronous request timed out");
            }
            async.forceComplete();
        }
    }

    /** An ASYNC dispatch to {@code target}, with the request and response given to startAsync. */
    private void asyncDispatch(String target) throws Exception {
        GatewayAsyncContext asyncContext = async.current();
        DispatchPath dispatch = DispatchPath.of(context, target);
        if (dispatch == null || dispatch.match() == null) {
            async.dispatchReturned();
            response.sendError(404);
            return;
        }
        HttpServletRequest given = (HttpServletRequest) asyncContext.getRequest();
        DispatchedRequest dispatched = new DispatchedRequest(given, context, DispatcherType.ASYNC,
                dispatch.target(request.getContextPath()), DispatchedRequest.pathAttributes(request, "jakarta.servlet.async."));
        errors.guard(() -> ServletInvoker.invoke(context, async, DispatcherType.ASYNC, dispatch.path(),
                dispatch.match().target(), dispatched, asyncContext.getResponse()));
        async.dispatchReturned();
    }

    /** The session cookie goes into the response. */
    private record CookiesOf(GatewayResponse response) implements RequestSessions.CookieSink {
        @Override
        public boolean isCommitted() {
            return response.isCommitted();
        }

        @Override
        public void replaceCookie(String name, jakarta.servlet.http.Cookie cookie) {
            response.replaceCookie(name, cookie);
        }
    }

    /** What the response needs of the request and context. */
    private record ResponseFacts(GatewayRequest request, GatewayServletContext context) implements GatewayResponse.ResponseContext {
        @Override
        public String protocol() {
            return request.getProtocol();
        }

        @Override
        public String requestUrl() {
            return request.getRequestURL().toString();
        }

        @Override
        public String defaultCharacterEncoding() {
            return context.getResponseCharacterEncoding();
        }

        @Override
        public void writeListener(jakarta.servlet.WriteListener listener) {
            NonBlockingIo.write(listener, request.isAsyncStarted(), context.getClassLoader());
        }
    }
}
