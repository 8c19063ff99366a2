package dev.gateway.servlet.host;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.server.ApplicationCall;
import dev.gateway.spi.server.ApplicationLoadException;
import dev.gateway.spi.server.ApplicationSpec;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.OutsideScriptName;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a gateway {@link Application} from a Servlet container, unchanged: the container's thread
 * pool plays the worker ({@code gateway.multithread} true, {@code gateway.multiprocess} false), each
 * request is one {@link ApplicationCall} with an environ from the contract's {@link EnvironBuilder},
 * and the response goes out as on gateway: the head with the first non-empty chunk, each chunk flushed,
 * a {@code FileBody} without iterating it, the body closed exactly once.
 *
 * <p>The application is an instance given to the constructor, or named by the init-parameter
 * {@value #APPLICATION} as the command line names it ({@code CLASS}, {@code CLASS:field},
 * {@code CLASS:method}) and loaded from the web application's class loader. {@code init} starts it
 * ({@link Application#startup()}), {@code destroy} stops it ({@link Application#shutdown()}). A name
 * that does not load, or a startup that fails, fails {@code init} with one line
 * ({@link UnavailableException}): the container marks the servlet unavailable.
 *
 * <pre>{@code
 * ServletRegistration.Dynamic gateway = context.addServlet("gateway", new GatewayServlet(new Hello()));
 * gateway.addMapping("/*");
 * }</pre>
 *
 * <p>An exception from the application before the head went out is answered {@code 500} with a short
 * text (the stack trace goes to the container's log); after it, the exception reaches the container,
 * which ends the connection. What a container cannot keep of the contract is listed in docs/spec.md.
 */
public class GatewayServlet extends HttpServlet {

    /** The init-parameter that names the application: {@code CLASS}, {@code CLASS:field} or {@code CLASS:method}. */
    public static final String APPLICATION = "application";

    private static final byte[] ERROR_BODY = "500 Internal Server Error\n".getBytes(StandardCharsets.US_ASCII);

    /** Set before {@code init} (given) or by it (loaded); read by the container's request threads after. */
    private transient volatile Application application;
    private transient volatile boolean started;

    /** A servlet that loads the application named by its init-parameter {@value #APPLICATION}. */
    public GatewayServlet() {
    }

    /** A servlet that serves {@code application}. */
    public GatewayServlet(Application application) {
        this.application = Objects.requireNonNull(application, "application");
    }

    /** The application served: the given one, or the one {@code init} loaded ({@code null} before). */
    public Application application() {
        return application;
    }

    /** Loads the application when it was named, then starts it (LIFE-1). */
    @Override
    public void init() throws ServletException {
        if (application == null) {
            application = load(getInitParameter(APPLICATION));
        }
        try {
            application.startup();
        } catch (Exception e) {
            // LIFE-2: an application that failed to start is never called again, not even shutdown().
            String message = "gateway application " + application.getClass().getName() + " failed to start: " + e;
            log(message, e);
            throw new UnavailableException(message);
        }
        started = true;
    }

    /** Stops the application once the container took the servlet out of service (LIFE-3). */
    @Override
    public void destroy() {
        if (started) {
            started = false;
            try {
                application.shutdown();
            } catch (Exception e) {
                log("gateway application " + application.getClass().getName() + " failed to stop", e);
            }
        }
    }

    /** Every method goes to the application, HEAD and OPTIONS included: the application answers them as on gateway. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        // One writer per request, so that the lines of concurrent requests never mix in the log.
        PrintWriter errors = ServletEnviron.errors(getServletContext());
        EnvironBuilder builder = ServletEnviron.of(request, errors);
        Environ environ = builder.build();
        Application called = builder.outsideScriptName() ? OutsideScriptName.INSTANCE : application;
        ServletResponseSink sink = new ServletResponseSink(response, "HEAD".equals(request.getMethod()));
        try {
            ApplicationCall.run(called, environ, sink.state(), sink);
        } catch (ServletResponseSink.ClientGoneException e) {
            // The client left: nothing to answer; the body was closed (BODY-5).
        } catch (Exception | Error e) {
            failed(request, response, sink, e);
        } finally {
            errors.close(); // a last line without its newline still reaches the log
        }
    }

    /** Before the head: a 500 and the trace in the log. After it: the container ends the connection. */
    private void failed(HttpServletRequest request, HttpServletResponse response, ServletResponseSink sink, Throwable t)
            throws ServletException {
        if (t instanceof VirtualMachineError fatal && !(t instanceof OutOfMemoryError) && !(t instanceof StackOverflowError)) {
            // The JVM itself is broken (as gateway's exchange judges it): not one request's failure.
            throw fatal;
        }
        String what = "Error handling request " + request.getMethod() + " " + request.getRequestURI();
        if (sink.headSent() || response.isCommitted()) {
            // The response cannot be changed: the exception tells the container to end the connection.
            throw new ServletException(what + " after the response started", t);
        }
        log(what, t);
        try {
            response.reset();
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType("text/plain");
            response.setContentLength(ERROR_BODY.length);
            response.setHeader("Connection", "close");
            response.getOutputStream().write(ERROR_BODY);
        } catch (IOException | IllegalStateException e) {
            log("Could not send the 500 of " + request.getMethod() + " " + request.getRequestURI() + ": " + e);
        }
    }

    /**
     * The web application's class loader; a context made in code may have none (Jetty's returns null
     * then), and the thread's or this class's loader stands in.
     */
    private ClassLoader classLoader() {
        ClassLoader loader = getServletContext().getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader != null ? loader : GatewayServlet.class.getClassLoader();
    }

    /** The application named by {@code spec}, from the web application's class loader; one line when it fails. */
    private Application load(String spec) throws UnavailableException {
        if (spec == null || spec.isBlank()) {
            String message = "GatewayServlet " + getServletName() + " names no application: set its init-parameter '"
                    + APPLICATION + "' to CLASS, CLASS:field or CLASS:method";
            log(message);
            throw new UnavailableException(message);
        }
        try {
            return ApplicationSpec.parse(spec).load(classLoader());
        } catch (ApplicationLoadException e) {
            String message = "gateway application '" + spec.strip() + "' cannot be loaded: " + e.getMessage();
            log(message);
            throw new UnavailableException(message);
        }
    }
}
