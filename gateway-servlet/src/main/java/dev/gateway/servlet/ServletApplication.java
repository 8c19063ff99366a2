package dev.gateway.servlet;

import dev.gateway.servlet.deploy.WarFiles;
import dev.gateway.servlet.deploy.WebAppClassLoader;
import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Jakarta Servlet 6.1 web application served as a gateway {@link Application}: each call builds an
 * {@code HttpServletRequest} from the environ, runs the mapped filters and servlet, and answers through
 * {@code start()} and the body (see docs/servlet.md).
 *
 * <pre>{@code
 * ServletApplication app = ServletApplication.builder()
 *         .servlet("hello", new HelloServlet(), "/hello/*")
 *         .build();
 * new TestClient(app).get("/hello/world");
 * }</pre>
 *
 * <p>{@link #fromClasspath()} deploys every {@code ServletContainerInitializer} found on the class path
 * (Spring's {@code SpringServletContainerInitializer}, Jersey's), so the command line can serve a Spring
 * MVC application as {@code dev.gateway.servlet.ServletApplication:fromClasspath}.
 *
 * <p>Its lifecycle is the contract's (docs/spec.md, "Lifecycle"): {@link #startup()} deploys it (the
 * initializers, the listeners' {@code contextInitialized}, the {@code load-on-startup} servlets'
 * {@code init}); a host that never calls it gets the same on the first request. {@link #shutdown()}
 * (or {@link #close()}) ends it: servlets' {@code destroy}, sessions invalidated, listeners'
 * {@code contextDestroyed}. A request after the end, or after a failed start, is answered 503.
 *
 * <p>The application is safe to call from several threads at once.
 */
public final class ServletApplication implements Application, AutoCloseable {

    /** Where the web application is in its life. */
    private enum State {
        /** Built, not deployed yet. */
        NEW,
        /** Deployed: serving. */
        STARTED,
        /** Its start failed: every request is answered 503. */
        FAILED,
        /** Ended by {@link #shutdown()}: every request is answered 503. */
        STOPPED
    }

    private final Deployment deployment;
    private final Runnable start;
    private final Runnable onClose;
    private volatile State state = State.NEW;

    ServletApplication(Deployment deployment, Runnable start, Runnable onClose) {
        this.deployment = deployment;
        this.start = start;
        this.onClose = onClose;
    }

    /** A builder for a web application registered in code. */
    public static ServletApplicationBuilder builder() {
        return new ServletApplicationBuilder();
    }

    /**
     * The web application the class path holds: its {@code @WebServlet}, {@code @WebFilter} and
     * {@code @WebListener} classes, and every {@code ServletContainerInitializer} that
     * {@link java.util.ServiceLoader} finds, run with the classes its {@code @HandlesTypes} asks for. The
     * class loader is the thread's context class loader when it sees this class, else this class's own
     * loader (the one that loaded the application when gateway-servlet comes with it).
     *
     * <p>The application starts at {@link #startup()}.
     */
    public static ServletApplication fromClasspath() {
        return builder().classLoader(applicationClassLoader()).scanAnnotations().discoverInitializers().build();
    }

    /**
     * The web application in {@code webApp}: a WAR file (unpacked into a temporary directory, removed by
     * {@link #close()}) or an unpacked one. Its classes come from {@code WEB-INF/classes} and
     * {@code WEB-INF/lib/*.jar}, searched before this JVM's class path ({@link WebAppClassLoader});
     * {@code WEB-INF/web.xml} is read when present; its annotated servlets, filters and listeners are
     * registered and the initializers of its jars run (at {@link #startup()}); its files are the
     * context's resources.
     *
     * @throws UncheckedIOException when the WAR cannot be read
     */
    public static ServletApplication fromWebApp(Path webApp) {
        boolean unpacked = Files.isDirectory(webApp);
        Path directory;
        WebAppClassLoader loader;
        try {
            directory = unpacked ? webApp : WarFiles.explode(webApp);
            loader = WebAppClassLoader.of(directory, ServletApplication.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runnable cleanup = () -> {
            try {
                loader.close();
            } catch (IOException e) {
                // nothing left to do
            }
            if (!unpacked) {
                WarFiles.delete(directory);
            }
        };
        try {
            ServletApplicationBuilder builder = builder().classLoader(loader).resourceBase(directory)
                    .displayName(webApp.getFileName().toString()).scanAnnotations().discoverInitializers().onClose(cleanup);
            Path webXml = directory.resolve("WEB-INF/web.xml");
            if (Files.isRegularFile(webXml)) {
                builder.webXml(webXml);
            }
            return builder.build();
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
    }

    private static ClassLoader applicationClassLoader() {
        ClassLoader own = ServletApplication.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader l = context; l != null; l = l.getParent()) {
            if (l == own) {
                return context;
            }
        }
        return own;
    }

    /** The application's servlet context. */
    public ServletContext servletContext() {
        return deployment.context();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (state != State.STARTED && !startedOnFirstRequest()) {
            return Unavailable.answer(startResponse);
        }
        return new RequestCycle(deployment, environ, startResponse).run();
    }

    /** A host without the lifecycle: the first request deploys the application. */
    private boolean startedOnFirstRequest() {
        if (state == State.NEW) {
            try {
                startup();
            } catch (DeploymentException e) {
                deployment.context().log("the web application failed to start", e);
            }
        }
        return state == State.STARTED;
    }

    /**
     * Deploys the application, once: initializers, listeners, {@code load-on-startup} servlets.
     *
     * @throws DeploymentException when a step fails (what started is stopped again; requests get 503)
     */
    @Override
    public synchronized void startup() {
        if (state != State.NEW) {
            return;
        }
        try {
            start.run();
            state = State.STARTED;
        } catch (RuntimeException | Error e) {
            state = State.FAILED;
            onClose.run();
            throw e;
        }
    }

    /** Ends the application: idempotent; requests after it are answered 503. */
    @Override
    public synchronized void shutdown() {
        State was = state;
        if (was == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        try {
            if (was == State.STARTED) {
                deployment.stop();
            }
        } finally {
            if (was != State.FAILED) {
                onClose.run();
            }
        }
    }

    /** Same as {@link #shutdown()}. */
    public void destroy() {
        shutdown();
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }
}
