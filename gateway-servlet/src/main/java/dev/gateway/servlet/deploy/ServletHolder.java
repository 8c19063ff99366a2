package dev.gateway.servlet.deploy;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One servlet of the context: its registration (Servlet 6.1 section 4.4.3.1, {@link ServletRegistration.Dynamic}),
 * its {@link ServletConfig}, and its life cycle (chapter 2.3): created and initialized once, at
 * deployment when its load-on-startup is zero or more, else on its first request, by exactly one
 * thread however many requests arrive at once; destroyed once when the context ends.
 */
public final class ServletHolder extends RegistrationSupport implements ServletRegistration.Dynamic, ServletConfig {

    private final Class<? extends Servlet> servletClass;
    private final Set<String> mappings = new LinkedHashSet<>();
    private volatile int loadOnStartup = -1;
    private volatile MultipartConfigElement multipartConfig;
    private volatile String runAsRole;
    private Servlet instance;
    private volatile Servlet initialized;

    ServletHolder(GatewayServletContext context, String name, Servlet instance, Class<? extends Servlet> servletClass) {
        super(context, name, instance != null ? instance.getClass().getName() : servletClass.getName());
        this.instance = instance;
        this.servletClass = servletClass;
    }

    /**
     * The initialized servlet, initializing it first when this is its first use (section 2.3.2).
     * Thread-safe: concurrent first requests wait for one {@code init}. A failed {@code init} is
     * retried by the next request, as Tomcat does for a servlet that threw a plain ServletException.
     */
    public Servlet servlet() throws ServletException {
        Servlet ready = initialized;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (initialized == null) {
                if (instance == null) {
                    instance = context.createServlet(servletClass);
                }
                instance.init(this);
                initialized = instance;
            }
            return initialized;
        }
    }

    /** Calls {@code destroy()} once if the servlet was initialized (section 2.3.4). */
    synchronized void destroy() {
        Servlet servlet = initialized;
        initialized = null;
        if (servlet != null) {
            try {
                servlet.destroy();
            } catch (RuntimeException e) {
                context.log("servlet " + getName() + " failed in destroy()", e);
            }
        }
    }

    /** The load-on-startup value: zero or more means initialized at deployment, in ascending order. */
    int loadOnStartup() {
        return loadOnStartup;
    }

    // ServletRegistration.Dynamic

    /**
     * Section 4.4.3.1 (ServletRegistration.addMapping): patterns already mapped to another servlet are
     * returned and then none of the given patterns is added.
     */
    @Override
    public Set<String> addMapping(String... urlPatterns) {
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no url-pattern given");
        }
        context.checkInitializing("addMapping");
        return context.addServletMappings(this, List.of(urlPatterns), mappings);
    }

    @Override
    public Collection<String> getMappings() {
        synchronized (mappings) {
            return List.copyOf(mappings);
        }
    }

    @Override
    public String getRunAsRole() {
        return runAsRole;
    }

    @Override
    public void setLoadOnStartup(int loadOnStartup) {
        context.checkInitializing("setLoadOnStartup");
        this.loadOnStartup = loadOnStartup;
    }

    /** Security constraints are not implemented yet: nothing is constrained, so no pattern conflicts. */
    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        if (constraint == null) {
            throw new IllegalArgumentException("constraint is null");
        }
        context.checkInitializing("setServletSecurity");
        return Set.of();
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement multipartConfig) {
        if (multipartConfig == null) {
            throw new IllegalArgumentException("multipartConfig is null");
        }
        context.checkInitializing("setMultipartConfig");
        this.multipartConfig = multipartConfig;
    }

    /** The multipart configuration, or null (multipart parsing itself is not implemented yet). */
    public MultipartConfigElement multipartConfig() {
        return multipartConfig;
    }

    @Override
    public void setRunAsRole(String roleName) {
        context.checkInitializing("setRunAsRole");
        this.runAsRole = roleName;
    }

    // ServletConfig

    @Override
    public String getServletName() {
        return getName();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }
}
