package dev.gateway.servlet;

import dev.gateway.servlet.deploy.ContextResources;
import dev.gateway.servlet.dispatch.GatewayRequestDispatcher;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.Initializers;
import dev.gateway.servlet.deploy.Initializers.InitializerEntry;
import dev.gateway.servlet.deploy.Lifecycle;
import dev.gateway.servlet.deploy.WebXml;
import dev.gateway.servlet.session.InMemorySessionStore;
import dev.gateway.servlet.session.SessionManager;
import dev.gateway.servlet.session.SessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link ServletApplication}: the programmatic counterpart of a {@code web.xml}. Servlets,
 * filters, listeners, init parameters and error pages given here are registered first, as declared
 * components are (Servlet 6.1 section 8.2.4); then the {@code ServletContainerInitializer}s run; then the
 * context starts ({@link #build()}).
 *
 * <pre>{@code
 * ServletApplication app = ServletApplication.builder()
 *         .contextPath("/shop")
 *         .servlet("api", new ApiServlet(), "/api/*")
 *         .filter("log", new LogFilter(), "/*")
 *         .initializer(new SpringServletContainerInitializer())
 *         .build();
 * }</pre>
 */
public final class ServletApplicationBuilder {

    private String contextPath = "";
    private static final String DEFAULT_DISPLAY_NAME = "gateway-servlet";

    private String displayName = DEFAULT_DISPLAY_NAME;
    private ClassLoader classLoader;
    private Path resourceBase;
    private final List<Consumer<GatewayServletContext>> declared = new ArrayList<>();
    private final List<InitializerEntry> initializers = new ArrayList<>();
    private boolean discover;
    private boolean annotations;
    private SessionStore sessionStore = new InMemorySessionStore();
    private int bufferSize = 8192;
    private long asyncTimeoutMillis = 30_000;
    private Runnable onClose = () -> { };

    ServletApplicationBuilder() {
    }

    /**
     * The context path: {@code ""} (the default) or {@code /name}. Requests arrive with it as
     * {@code SCRIPT_NAME} when the server mounts the application there ({@code --script-name});
     * when {@code SCRIPT_NAME} is empty the application strips it from the path itself, and answers
     * 404 outside it.
     */
    public ServletApplicationBuilder contextPath(String contextPath) {
        Objects.requireNonNull(contextPath, "contextPath");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("a context path is \"\" or starts with / and does not end with /: " + contextPath);
        }
        this.contextPath = contextPath;
        return this;
    }

    /** The name {@code ServletContext.getServletContextName()} returns. */
    public ServletApplicationBuilder displayName(String displayName) {
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        return this;
    }

    /** The application's class loader (default: the thread's context class loader). */
    public ServletApplicationBuilder classLoader(ClassLoader classLoader) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        return this;
    }

    /** A directory of static resources for {@code getResource} and {@code getRealPath} (section 4.6). */
    public ServletApplicationBuilder resourceBase(Path directory) {
        this.resourceBase = directory;
        return this;
    }

    /**
     * Registers what the {@code web.xml} at {@code descriptor} declares (Servlet 6.1 chapter 14; see
     * {@link WebXml} for what is read), before the builder's own registrations. Its classes load from
     * the application's class loader.
     *
     * @throws UncheckedIOException when the file cannot be read or parsed
     */
    public ServletApplicationBuilder webXml(Path descriptor) {
        WebXml webXml;
        try (InputStream in = Files.newInputStream(descriptor)) {
            webXml = WebXml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (webXml.displayName() != null && displayName.equals(DEFAULT_DISPLAY_NAME)) {
            displayName = webXml.displayName();
        }
        declared.add(0, webXml::apply);
        return this;
    }

    /** A context init parameter. */
    public ServletApplicationBuilder initParameter(String name, String value) {
        declared.add(context -> context.setInitParameter(name, value));
        return this;
    }

    /** A servlet mapped to {@code urlPatterns} (chapter 12 forms: {@code /exact}, {@code /path/*}, {@code *.ext}, {@code /}, {@code ""}). */
    public ServletApplicationBuilder servlet(String name, Servlet servlet, String... urlPatterns) {
        return servlet(name, servlet, registration -> addMapping(registration, urlPatterns));
    }

    /** A servlet, configured by {@code configure} (mappings, init parameters, load-on-startup, async support). */
    public ServletApplicationBuilder servlet(String name, Servlet servlet, Consumer<ServletRegistration.Dynamic> configure) {
        declared.add(context -> {
            ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
            if (registration == null) {
                throw new IllegalArgumentException("a servlet named " + name + " is registered already");
            }
            configure.accept(registration);
        });
        return this;
    }

    /** A servlet of {@code servletClass}, created when it is first initialized. */
    public ServletApplicationBuilder servlet(String name, Class<? extends Servlet> servletClass, Consumer<ServletRegistration.Dynamic> configure) {
        declared.add(context -> {
            ServletRegistration.Dynamic registration = context.addServlet(name, servletClass);
            if (registration == null) {
                throw new IllegalArgumentException("a servlet named " + name + " is registered already");
            }
            configure.accept(registration);
        });
        return this;
    }

    private static void addMapping(ServletRegistration.Dynamic registration, String... urlPatterns) {
        if (urlPatterns.length > 0) {
            Set<String> conflicts = registration.addMapping(urlPatterns);
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException("url-patterns mapped to another servlet already: " + conflicts);
            }
        }
    }

    /** A filter for REQUEST dispatches to {@code urlPatterns}, after the filters registered before it. */
    public ServletApplicationBuilder filter(String name, Filter filter, String... urlPatterns) {
        return filter(name, filter, registration ->
                registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, urlPatterns));
    }

    /** A filter, configured by {@code configure} (mappings by url-pattern or servlet name, dispatcher types, async support). */
    public ServletApplicationBuilder filter(String name, Filter filter, Consumer<FilterRegistration.Dynamic> configure) {
        declared.add(context -> {
            FilterRegistration.Dynamic registration = context.addFilter(name, filter);
            if (registration == null) {
                throw new IllegalArgumentException("a filter named " + name + " is registered already");
            }
            configure.accept(registration);
        });
        return this;
    }

    /** A listener of one of the types of chapter 11 (context, request, session, attribute listeners). */
    public ServletApplicationBuilder listener(EventListener listener) {
        declared.add(context -> context.addListener(listener));
        return this;
    }

    /** An initializer, given the classes its {@code @HandlesTypes} asks for, found on the class path. */
    public ServletApplicationBuilder initializer(ServletContainerInitializer initializer) {
        initializers.add(new InitializerEntry(initializer, null));
        return this;
    }

    /** An initializer, given exactly {@code classes} (no class-path scan). */
    public ServletApplicationBuilder initializer(ServletContainerInitializer initializer, Set<Class<?>> classes) {
        initializers.add(new InitializerEntry(initializer, Set.copyOf(classes)));
        return this;
    }

    /** Also runs every initializer {@link java.util.ServiceLoader} finds over the class loader (after the given ones). */
    public ServletApplicationBuilder discoverInitializers() {
        this.discover = true;
        return this;
    }

    /**
     * Also registers the classes of the class path annotated {@code @WebServlet}, {@code @WebFilter} and
     * {@code @WebListener} (section 8.1; a name the builder or {@code web.xml} declared keeps its
     * declaration). {@link ServletApplication#fromClasspath()} and {@link ServletApplication#fromWebApp}
     * do this.
     */
    public ServletApplicationBuilder scanAnnotations() {
        this.annotations = true;
        return this;
    }

    /** The error page for {@code status} (section 10.9.2). */
    public ServletApplicationBuilder errorPage(int status, String location) {
        declared.add(context -> context.errorPages().add(status, location));
        return this;
    }

    /** The error page for {@code type} and its subclasses (section 10.9.2). */
    public ServletApplicationBuilder errorPage(Class<? extends Throwable> type, String location) {
        declared.add(context -> context.errorPages().add(type, location));
        return this;
    }

    /** The error page for every error without a more specific page. */
    public ServletApplicationBuilder defaultErrorPage(String location) {
        declared.add(context -> context.errorPages().setDefault(location));
        return this;
    }

    /**
     * The session timeout (default 30 minutes). The spec counts whole minutes: a part of a minute counts as
     * one; zero or less means sessions never time out (section 7.5).
     */
    public ServletApplicationBuilder sessionTimeout(Duration timeout) {
        long seconds = timeout.toSeconds();
        int minutes = seconds <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (seconds + 59) / 60);
        declared.add(context -> context.setSessionTimeout(minutes));
        return this;
    }

    /** Where sessions live (default: in memory). */
    public ServletApplicationBuilder sessionStore(SessionStore store) {
        this.sessionStore = Objects.requireNonNull(store, "store");
        return this;
    }

    /** The initial response buffer size in bytes (default 8192, as Tomcat). */
    public ServletApplicationBuilder bufferSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("buffer size < 0");
        }
        this.bufferSize = bytes;
        return this;
    }

    /** Runs {@code action} after the application stopped (to release what it was deployed from). */
    ServletApplicationBuilder onClose(Runnable action) {
        this.onClose = Objects.requireNonNull(action, "action");
        return this;
    }

    /** The default timeout of asynchronous requests (default 30 s, as Tomcat); zero or less for none. */
    public ServletApplicationBuilder asyncTimeout(Duration timeout) {
        this.asyncTimeoutMillis = timeout.toMillis();
        return this;
    }

    /** The default request character encoding (section 3.12; default none, so ISO-8859-1). */
    public ServletApplicationBuilder requestCharacterEncoding(String encoding) {
        declared.add(context -> context.setRequestCharacterEncoding(encoding));
        return this;
    }

    /** The default response character encoding (section 5.6; default none, so ISO-8859-1). */
    public ServletApplicationBuilder responseCharacterEncoding(String encoding) {
        declared.add(context -> context.setResponseCharacterEncoding(encoding));
        return this;
    }

    /**
     * The application, not started yet: its {@link ServletApplication#startup()} (called by the server
     * before the first request, or by the first request itself) runs the initializers, the listeners'
     * {@code contextInitialized} and the {@code load-on-startup} servlets' {@code init}.
     */
    public ServletApplication build() {
        ClassLoader loader = classLoader != null ? classLoader : defaultClassLoader();
        GatewayServletContext context = new GatewayServletContext(contextPath, displayName, loader,
                new ContextResources(resourceBase, loader));
        context.setDispatchers(GatewayRequestDispatcher.of(context));
        SessionManager sessions = new SessionManager(context, sessionStore);
        Deployment deployment = new Deployment(context, sessions, contextPath, bufferSize, asyncTimeoutMillis);
        List<InitializerEntry> all = new ArrayList<>(initializers);
        boolean discoverInitializers = discover;
        List<Consumer<GatewayServletContext>> steps = List.copyOf(declared);
        boolean scanned = annotations;
        Runnable start = () -> {
            try {
                deployment.withClassLoader(() -> {
                    if (discoverInitializers) {
                        Initializers.discover(loader, context).forEach(i -> all.add(new InitializerEntry(i, null)));
                    }
                    Lifecycle.start(context, steps, all, scanned);
                    return null;
                });
            } catch (Exception | LinkageError e) {
                deployment.stop();
                throw new DeploymentException("the web application failed to start: " + e, e);
            }
        };
        return new ServletApplication(deployment, start, onClose);
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ServletApplicationBuilder.class.getClassLoader();
    }
}
