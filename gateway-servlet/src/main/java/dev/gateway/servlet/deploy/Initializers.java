package dev.gateway.servlet.deploy;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs {@link ServletContainerInitializer}s (Servlet 6.1 section 8.2.4): each gets the classes its
 * {@link HandlesTypes} asks for (an empty set when none is found, null when it has no such annotation)
 * and the context, which is still open to {@code addServlet}, {@code addFilter} and
 * {@code addListener}. The class path is scanned once, and only when some initializer has
 * {@code @HandlesTypes}.
 */
public final class Initializers {

    private static final String SERVICE_FILE = "META-INF/services/" + ServletContainerInitializer.class.getName();

    private Initializers() {
    }

    /**
     * The initializers {@link ServiceLoader} finds over {@code loader} ({@code META-INF/services}), in its
     * order. One that cannot be loaded is skipped and logged: a jar of the server's own class path may
     * declare one whose Servlet API it cannot see (logback-classic does), and it is not the application's.
     * A web application's are those its own {@code WEB-INF/classes} and {@code WEB-INF/lib} declare:
     * the server's jars are no library of the application's (logback-classic's initializer would stop
     * the server's logging with the application). The declaration decides, not the loader of the class:
     * a WAR may carry gateway-servlet's own {@code GatewayInitializer}, whose classes load parent first.
     */
    public static List<ServletContainerInitializer> discover(ClassLoader loader, GatewayServletContext context) {
        List<ServletContainerInitializer> found = new ArrayList<>();
        Set<String> ownDeclared = loader instanceof WebAppClassLoader webApp ? declaredIn(webApp, context) : null;
        Iterator<ServiceLoader.Provider<ServletContainerInitializer>> providers =
                ServiceLoader.load(ServletContainerInitializer.class, loader).stream().iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                ServiceLoader.Provider<ServletContainerInitializer> provider = providers.next();
                if (ownDeclared != null && !ownDeclared.contains(provider.type().getName())) {
                    context.log("skipped a ServletContainerInitializer of the server's class path: " + provider.type().getName());
                    continue;
                }
                found.add(provider.get());
            } catch (ServiceConfigurationError | LinkageError e) {
                context.log("skipped a ServletContainerInitializer that cannot be loaded: " + e);
            }
        }
    }

    /** The initializer class names the web application's own {@code META-INF/services} files declare. */
    private static Set<String> declaredIn(WebAppClassLoader loader, GatewayServletContext context) {
        Set<String> names = new HashSet<>();
        try {
            Enumeration<URL> files = loader.findResources(SERVICE_FILE);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            context.log("cannot read the web application's " + SERVICE_FILE + ": " + e);
        }
        return names;
    }

    /** Calls {@code onStartup} of each initializer in order, with its handled classes, searched in {@code classPath}. */
    static void run(GatewayServletContext context, List<InitializerEntry> initializers, Supplier<ClassPathScanner> classPath)
            throws ServletException {
        HandlesTypesSearch search = null;
        for (InitializerEntry entry : initializers) {
            Set<Class<?>> classes = entry.classes();
            HandlesTypes handles = entry.initializer().getClass().getAnnotation(HandlesTypes.class);
            if (classes == null && handles != null) {
                if (search == null) {
                    search = new HandlesTypesSearch(classPath.get(), context.getClassLoader());
                }
                classes = new HashSet<>(search.find(handles.value()));
            }
            entry.initializer().onStartup(classes, context);
        }
    }

    /**
     * An initializer and, optionally, the classes to give it.
     *
     * @param initializer the initializer
     * @param classes     the classes to pass; null to search the class path for its {@code @HandlesTypes}
     */
    public record InitializerEntry(ServletContainerInitializer initializer, Set<Class<?>> classes) {
    }
}
