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
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>The application is safe to call from several threads at once. {@link #close()} ends it (servlets'
 * {@code destroy}, sessions invalidated, listeners' {@code contextDestroyed}); it is idempotent, and a
 * request after it is answered 503.
 */
public final class ServletApplication implements Application, AutoCloseable {

    private final Deployment deployment;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ServletApplication(Deployment deployment, Runnable onClose) {
        this.deployment = deployment;
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
     * @throws DeploymentException when the application fails to start
     */
    public static ServletApplication fromClasspath() {
        return builder().classLoader(applicationClassLoader()).scanAnnotations().discoverInitializers().build();
    }

    /**
     * The web application in {@code webApp}: a WAR file (unpacked into a temporary directory, removed by
     * {@link #close()}) or an unpacked one. Its classes come from {@code WEB-INF/classes} and
     * {@code WEB-INF/lib/*.jar}, searched before this JVM's class path ({@link WebAppClassLoader});
     * {@code WEB-INF/web.xml} is read when present; its annotated servlets, filters and listeners are
     * registered and the initializers of its jars run; its files are the context's resources.
     *
     * @throws DeploymentException when the application fails to start
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
        if (closed.get()) {
            return Unavailable.answer(startResponse);
        }
        return new RequestCycle(deployment, environ, startResponse).run();
    }

    /** Ends the application: idempotent; requests after it are answered 503. */
    public void destroy() {
        if (closed.compareAndSet(false, true)) {
            try {
                deployment.stop();
            } finally {
                onClose.run();
            }
        }
    }

    /** Same as {@link #destroy()}. */
    @Override
    public void close() {
        destroy();
    }
}
