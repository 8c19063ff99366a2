package dev.gateway.servlet;

import dev.gateway.servlet.async.AsyncControl;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.dispatch.DispatchPath;
import dev.gateway.servlet.dispatch.ServletInvoker;
import dev.gateway.servlet.http.ClientErrorException;
import dev.gateway.servlet.request.DispatchedRequest;
import dev.gateway.servlet.request.GatewayRequest;
import dev.gateway.servlet.response.GatewayResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns failures and {@code sendError} into responses (Servlet 6.1 section 10.9): the error page mapped to
 * the exception type or status runs as an ERROR dispatch with the {@code jakarta.servlet.error.*}
 * attributes; without one, the container answers with its own plain-text page, which never shows the
 * exception. Failures are written to the request's {@code gateway.errors}, stack trace included.
 */
final class ErrorResponder {

    /** One dispatch, which may throw anything. */
    interface Dispatch {
        void run() throws Exception;
    }

    private final GatewayServletContext context;
    private final GatewayRequest request;
    private final GatewayResponse response;
    private final AsyncControl async;

    ErrorResponder(GatewayServletContext context, GatewayRequest request, GatewayResponse response, AsyncControl async) {
        this.context = context;
        this.request = request;
        this.response = response;
        this.async = async;
    }

    /**
     * Runs {@code dispatch}; a failure becomes an error response while the response is not committed,
     * and propagates once it is (the server then ends the connection: the client must not take a
     * truncated body for a whole one).
     */
    void guard(Dispatch dispatch) throws Exception {
        try {
            dispatch.run();
        } catch (Exception | Error failure) {
            if (async.current() != null && async.pending()) {
                async.fireError(failure);
                async.forceComplete();
            }
            if (failure instanceof VirtualMachineError && !(failure instanceof OutOfMemoryError)) {
                throw failure;
            }
            if (response.isCommitted()) {
                throw failure;
            }
            answerFailure(failure);
        }
    }

    private void answerFailure(Throwable failure) throws Exception {
        int status = statusOf(failure);
        if (status == 500) {
            log(failure);
        }
        String location = status == 500 ? context.errorPages().forException(failure) : context.errorPages().forStatus(status);
        if (location == null) {
            response.writePlainErrorPage(status, status == 500 ? null : failure.getMessage());
            return;
        }
        Throwable matched = context.errorPages().matched(failure);
        errorDispatch(location, status, matched.getMessage(), matched);
    }

    /** 500, except for the failures that say otherwise (UnavailableException 503, a client error its own). */
    private static int statusOf(Throwable failure) {
        if (failure instanceof ClientErrorException client) {
            return client.status();
        }
        if (failure instanceof UnavailableException) {
            return 503;
        }
        return 500;
    }

    /** {@code sendError} was called: the error page for its status, else the plain page. */
    void answerSendError() throws Exception {
        int status = response.getStatus();
        String location = context.errorPages().forStatus(status);
        if (location == null) {
            response.writePlainErrorPage(status, response.errorMessage());
            return;
        }
        errorDispatch(location, status, response.errorMessage(), null);
    }

    /** Section 10.9.1: an ERROR dispatch to {@code location} with the error attributes. */
    private void errorDispatch(String location, int status, String message, Throwable failure) throws Exception {
        DispatchPath target = DispatchPath.of(context, location);
        if (target == null || target.match() == null) {
            response.writePlainErrorPage(status, failure == null ? message : null);
            return;
        }
        response.prepareErrorPage(status);
        DispatchedRequest dispatched = new DispatchedRequest(request, context, DispatcherType.ERROR,
                target.target(request.getContextPath()), attributes(status, message, failure));
        try {
            ServletInvoker.invoke(context, async, DispatcherType.ERROR, target.path(), target.match().target(), dispatched, response);
        } catch (IOException | ServletException | RuntimeException e) {
            log(e);
            if (response.isCommitted()) {
                throw e;
            }
            response.writePlainErrorPage(500, null);
            return;
        }
        if (response.isError()) {
            // The error page itself called sendError: no second error page (no loop).
            response.writePlainErrorPage(response.getStatus(), response.errorMessage());
        }
    }

    private Map<String, Object> attributes(int status, String message, Throwable failure) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
        attributes.put(RequestDispatcher.ERROR_MESSAGE, message == null ? "" : message);
        if (failure != null) {
            attributes.put(RequestDispatcher.ERROR_EXCEPTION, failure);
            attributes.put(RequestDispatcher.ERROR_EXCEPTION_TYPE, failure.getClass());
        }
        attributes.put(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
        attributes.put(RequestDispatcher.ERROR_METHOD, request.getMethod());
        if (request.getHttpServletMapping() != null) {
            attributes.put(RequestDispatcher.ERROR_SERVLET_NAME, request.getHttpServletMapping().getServletName());
        }
        if (request.getQueryString() != null) {
            attributes.put(RequestDispatcher.ERROR_QUERY_STRING, request.getQueryString());
        }
        return attributes;
    }

    /** Writes the failure to {@code gateway.errors}: one line naming the request, then the stack trace. */
    private void log(Throwable failure) {
        PrintWriter errors = request.environ().errors();
        if (errors == null) {
            context.log("servlet failure", failure);
            return;
        }
        String servlet = request.getHttpServletMapping() == null ? "?" : request.getHttpServletMapping().getServletName();
        errors.println("servlet " + servlet + " failed on " + request.getMethod() + " " + request.getRequestURI() + ": " + failure);
        failure.printStackTrace(errors);
        errors.flush();
    }
}
