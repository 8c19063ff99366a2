package dev.gateway.servlet.deploy;

import dev.gateway.servlet.deploy.Initializers.InitializerEntry;
import dev.gateway.servlet.staticfiles.DefaultServlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts and stops a context in the order of Servlet 6.1: registrations "declared" by the builder (and a
 * {@code web.xml}), the annotated components when asked for (section 8.1), then the
 * {@code ServletContainerInitializer}s (section 8.2.4), then {@code contextInitialized} of the
 * listeners (section 11.3.1); registration closes; then every filter's {@code init} (section 6.2.1) and
 * the load-on-startup servlets in ascending order (section 2.3.1). Stopping undoes it: servlets
 * destroyed in reverse registration order, filters destroyed, sessions invalidated, then
 * {@code contextDestroyed} in reverse order (section 11.3.2), as Tomcat does.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * Starts {@code context}.
     *
     * @param declared     the builder's registrations, run first
     * @param initializers the initializers to run
     * @param annotations  whether {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} classes
     *                     of the class path are registered (section 8.1), after the declared ones
     * @throws ServletException when any step fails (the caller stops the context)
     */
    public static void start(GatewayServletContext context, List<Consumer<GatewayServletContext>> declared,
                             List<InitializerEntry> initializers, boolean annotations) throws ServletException {
        for (Consumer<GatewayServletContext> registration : declared) {
            registration.accept(context);
        }
        ClassPathScanner[] scanned = new ClassPathScanner[1];
        Supplier<ClassPathScanner> classPath = () -> {
            if (scanned[0] == null) {
                scanned[0] = ClassPathScanner.scan(context.getClassLoader());
            }
            return scanned[0];
        };
        if (annotations) {
            AnnotatedComponents.register(context, classPath.get());
        }
        Initializers.run(context, initializers, classPath);
        ServletContextEvent event = new ServletContextEvent(context);
        context.listeners().fire(ServletContextListener.class, l -> l.contextInitialized(event));
        addDefaultServlet(context);
        context.setPhase(GatewayServletContext.Phase.RUNNING);
        for (FilterHolder filter : context.filterHolders()) {
            filter.filter();
        }
        for (ServletHolder servlet : loadOnStartup(context)) {
            servlet.servlet();
        }
    }

    /**
     * The container's servlet named {@code default} (static files), as Tomcat and Jetty declare it,
     * unless the application has one by that name; mapped to {@code /} unless a servlet of the
     * application is mapped there (section 12.2: the application's mapping wins).
     */
    private static void addDefaultServlet(GatewayServletContext context) {
        if (context.getServletRegistration(DefaultServlet.NAME) != null) {
            return;
        }
        ServletRegistration.Dynamic registration = context.addServlet(DefaultServlet.NAME, new DefaultServlet());
        if (!context.mapper().isMapped("/")) {
            registration.addMapping("/");
        }
    }

    /** The servlets with load-on-startup of zero or more, ascending, registration order among equals. */
    private static List<ServletHolder> loadOnStartup(GatewayServletContext context) {
        List<ServletHolder> servlets = new ArrayList<>();
        for (ServletHolder holder : context.servletHolders()) {
            if (holder.loadOnStartup() >= 0) {
                servlets.add(holder);
            }
        }
        servlets.sort(Comparator.comparingInt(ServletHolder::loadOnStartup));
        return servlets;
    }

    /** Stops {@code context}; {@code invalidateSessions} runs between the filters and the listeners. Idempotent. */
    public static void stop(GatewayServletContext context, Runnable invalidateSessions) {
        if (context.phase() == GatewayServletContext.Phase.DESTROYED) {
            return;
        }
        context.setPhase(GatewayServletContext.Phase.DESTROYED);
        List<ServletHolder> servlets = context.servletHolders();
        java.util.Collections.reverse(servlets);
        servlets.forEach(ServletHolder::destroy);
        context.filterHolders().forEach(FilterHolder::destroy);
        try {
            invalidateSessions.run();
        } catch (RuntimeException e) {
            context.log("invalidating the sessions failed", e);
        }
        ServletContextEvent event = new ServletContextEvent(context);
        context.listeners().fireReversed(ServletContextListener.class, l -> {
            try {
                l.contextDestroyed(event);
            } catch (RuntimeException e) {
                context.log("a ServletContextListener failed in contextDestroyed", e);
            }
        });
    }
}
