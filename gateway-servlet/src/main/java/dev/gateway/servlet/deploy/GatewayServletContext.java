package dev.gateway.servlet.deploy;

import dev.gateway.servlet.mapping.ServletMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ServletContext} of one web application (Servlet 6.1 chapter 4): init parameters,
 * attributes, the servlets, filters and listeners registered programmatically, their mappings, the
 * error pages, the session settings and the context's resources.
 *
 * <p>Registration methods work only while the context is being initialized (section 4.4: by
 * {@code ServletContainerInitializer}s and {@code ServletContextListener}s); afterwards they throw
 * {@link IllegalStateException}.
 */
public final class GatewayServletContext implements ServletContext {

    /** Where the context is in its life. */
    enum Phase { INITIALIZING, RUNNING, DESTROYED }

    private final String contextPath;
    private final String displayName;
    private final ClassLoader classLoader;
    private final ContextResources resources;
    private final ContextLog log;
    private final Map<String, String> initParameters = new ConcurrentHashMap<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, ServletHolder> servlets = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, FilterHolder> filters = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ServletMapper<ServletHolder> mapper = new ServletMapper<>();
    private final FilterMappings filterMappings = new FilterMappings();
    private final Listeners listeners = new Listeners();
    private final ErrorPages errorPages = new ErrorPages();
    private final GatewaySessionCookieConfig sessionCookieConfig = new GatewaySessionCookieConfig(this);
    private final Set<String> declaredRoles = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile Phase phase = Phase.INITIALIZING;
    private volatile Dispatchers dispatchers;
    private volatile int sessionTimeoutMinutes = 30;
    private volatile String requestCharacterEncoding;
    private volatile String responseCharacterEncoding;

    /**
     * @param contextPath the context path the application reports before any request ({@code ""} or {@code /name})
     * @param displayName the name {@link #getServletContextName} returns
     * @param classLoader the application's class loader
     * @param resources   where {@code getResource} looks
     */
    public GatewayServletContext(String contextPath, String displayName, ClassLoader classLoader, ContextResources resources) {
        this.contextPath = contextPath;
        this.displayName = displayName;
        this.classLoader = classLoader;
        this.resources = resources;
        this.log = new ContextLog(displayName);
    }

    // Life cycle, for the deployment

    /** Sets what makes this context's request dispatchers; called once, before the context starts. */
    public void setDispatchers(Dispatchers dispatchers) {
        this.dispatchers = dispatchers;
    }

    /** Throws {@link IllegalStateException} unless the context is still being initialized (section 4.4). */
    void checkInitializing(String operation) {
        if (phase != Phase.INITIALIZING) {
            throw new IllegalStateException(operation + "() is only allowed while the context is initialized"
                    + " (Servlet 6.1 section 4.4)");
        }
    }

    void setPhase(Phase phase) {
        this.phase = phase;
    }

    Phase phase() {
        return phase;
    }

    /** The servlet mapping of this context. */
    public ServletMapper<ServletHolder> mapper() {
        return mapper;
    }

    /** The filter mappings of this context. */
    public FilterMappings filterMappings() {
        return filterMappings;
    }

    /** The listeners of this context. */
    public Listeners listeners() {
        return listeners;
    }

    /** The error pages of this context. */
    public ErrorPages errorPages() {
        return errorPages;
    }

    /** The servlet registered as {@code name}, or null. */
    public ServletHolder servletHolder(String name) {
        return servlets.get(name);
    }

    List<ServletHolder> servletHolders() {
        synchronized (servlets) {
            return new ArrayList<>(servlets.values());
        }
    }

    List<FilterHolder> filterHolders() {
        synchronized (filters) {
            return new ArrayList<>(filters.values());
        }
    }

    /** Adds {@code patterns} for {@code holder} unless one is taken; returns the taken ones. */
    Set<String> addServletMappings(ServletHolder holder, List<String> patterns, Set<String> holderMappings) {
        synchronized (mapper) {
            Set<String> conflicts = new LinkedHashSet<>();
            for (String pattern : patterns) {
                if (mapper.isMapped(pattern)) {
                    conflicts.add(pattern);
                }
            }
            if (conflicts.isEmpty()) {
                for (String pattern : patterns) {
                    mapper.add(pattern, holder.getName(), holder);
                }
                synchronized (holderMappings) {
                    holderMappings.addAll(patterns);
                }
            }
            return conflicts;
        }
    }

    // Paths, versions, names

    @Override
    public String getContextPath() {
        return contextPath;
    }

    /** Only this context is known: it answers for its own path, null for any other (section 4.4.1 allows null). */
    @Override
    public ServletContext getContext(String uripath) {
        if (uripath == null) {
            return null;
        }
        boolean inside = contextPath.isEmpty() || uripath.equals(contextPath) || uripath.startsWith(contextPath + "/");
        return inside ? this : null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return 6;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return 1;
    }

    @Override
    public String getServerInfo() {
        return "gateway-servlet/0.1";
    }

    @Override
    public String getServletContextName() {
        return displayName;
    }

    @Override
    public String getVirtualServerName() {
        return "gateway";
    }

    // Resources

    @Override
    public String getMimeType(String file) {
        return MimeTypes.of(file);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        return resources.paths(path);
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new MalformedURLException("a resource path starts with /: " + path);
        }
        return resources.url(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return resources.stream(path);
    }

    @Override
    public String getRealPath(String path) {
        return resources.realPath(path);
    }

    // Dispatchers

    /** Section 9.1: the path must start with {@code /}; it is relative to the context root. */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return dispatchers.forPath(path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        ServletHolder holder = name == null ? null : servlets.get(name);
        return holder == null ? null : dispatchers.named(holder);
    }

    // Logging

    @Override
    public void log(String msg) {
        log.info(msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        log.error(message, throwable);
    }

    // Init parameters and attributes

    @Override
    public String getInitParameter(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(Set.copyOf(initParameters.keySet()));
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        checkInitializing("setInitParameter");
        return initParameters.putIfAbsent(name, value) == null;
    }

    @Override
    public Object getAttribute(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(Set.copyOf(attributes.keySet()));
    }

    /** Section 4.3: a null value removes the attribute; listeners hear added, replaced or removed. */
    @Override
    public void setAttribute(String name, Object object) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, object);
        if (listeners.any(ServletContextAttributeListener.class)) {
            ServletContextAttributeEvent event = new ServletContextAttributeEvent(this, name, old == null ? object : old);
            if (old == null) {
                listeners.fire(ServletContextAttributeListener.class, l -> l.attributeAdded(event));
            } else {
                listeners.fire(ServletContextAttributeListener.class, l -> l.attributeReplaced(event));
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null && listeners.any(ServletContextAttributeListener.class)) {
            ServletContextAttributeEvent event = new ServletContextAttributeEvent(this, name, old);
            listeners.fire(ServletContextAttributeListener.class, l -> l.attributeRemoved(event));
        }
    }

    // Servlets

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        return addServlet(servletName, loadClass(className, Servlet.class));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        if (servlet == null) {
            throw new IllegalArgumentException("servlet is null");
        }
        return register(servletName, new ServletHolder(this, checkName(servletName), servlet, null));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        return register(servletName, new ServletHolder(this, checkName(servletName), null, servletClass));
    }

    /** Section 4.4.3.1: null when a servlet of that name exists already. */
    private ServletRegistration.Dynamic register(String name, ServletHolder holder) {
        checkInitializing("addServlet");
        synchronized (servlets) {
            if (servlets.containsKey(name)) {
                return null;
            }
            servlets.put(name, holder);
        }
        return holder;
    }

    /** JSP is not supported. */
    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw new UnsupportedOperationException("JSP is not supported by gateway-servlet");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return servlets.get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        synchronized (servlets) {
            return Map.copyOf(servlets);
        }
    }

    // Filters

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        return addFilter(filterName, loadClass(className, Filter.class));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter is null");
        }
        return registerFilter(new FilterHolder(this, checkName(filterName), filter, null));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        return registerFilter(new FilterHolder(this, checkName(filterName), null, filterClass));
    }

    private FilterRegistration.Dynamic registerFilter(FilterHolder holder) {
        checkInitializing("addFilter");
        synchronized (filters) {
            if (filters.containsKey(holder.getName())) {
                return null;
            }
            filters.put(holder.getName(), holder);
        }
        return holder;
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return filters.get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        synchronized (filters) {
            return Map.copyOf(filters);
        }
    }

    // Sessions

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return sessionCookieConfig;
    }

    /** Only cookies track sessions for now; asking for URL rewriting or SSL is accepted and has no effect. */
    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
        checkInitializing("setSessionTrackingModes");
        if (sessionTrackingModes.contains(SessionTrackingMode.SSL) && sessionTrackingModes.size() > 1) {
            throw new IllegalArgumentException("SSL session tracking cannot be combined with other modes");
        }
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return EnumSet.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return EnumSet.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public int getSessionTimeout() {
        return sessionTimeoutMinutes;
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        checkInitializing("setSessionTimeout");
        this.sessionTimeoutMinutes = sessionTimeout;
    }

    // Listeners

    @Override
    public void addListener(String className) {
        addListener(loadClass(className, EventListener.class));
    }

    /** Section 4.4.3.5: only the listener interfaces of chapter 11. */
    @Override
    public <T extends EventListener> void addListener(T listener) {
        checkInitializing("addListener");
        if (listener == null || !Listeners.isSupported(listener.getClass())) {
            throw new IllegalArgumentException("not a supported listener type: " + listener);
        }
        listeners.add(listener);
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        try {
            addListener(createListener(listenerClass));
        } catch (ServletException e) {
            throw new IllegalArgumentException("cannot create listener " + listenerClass.getName(), e);
        }
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) throws ServletException {
        if (!Listeners.isSupported(clazz)) {
            throw new IllegalArgumentException("not a supported listener type: " + clazz.getName());
        }
        return instantiate(clazz);
    }

    // The rest

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void declareRoles(String... roleNames) {
        checkInitializing("declareRoles");
        declaredRoles.addAll(List.of(roleNames));
    }

    @Override
    public String getRequestCharacterEncoding() {
        return requestCharacterEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        checkInitializing("setRequestCharacterEncoding");
        this.requestCharacterEncoding = encoding == null ? null : Charset.forName(encoding).name();
    }

    @Override
    public String getResponseCharacterEncoding() {
        return responseCharacterEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        checkInitializing("setResponseCharacterEncoding");
        this.responseCharacterEncoding = encoding == null ? null : Charset.forName(encoding).name();
    }

    // Helpers

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a servlet or filter name must not be empty");
        }
        return name;
    }

    private <T> Class<? extends T> loadClass(String className, Class<T> type) {
        try {
            return Class.forName(className, true, classLoader).asSubclass(type);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("cannot load " + type.getSimpleName() + " class " + className, e);
        }
    }

    private static <T> T instantiate(Class<T> clazz) throws ServletException {
        try {
            return clazz.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ServletException("cannot instantiate " + clazz.getName(), e);
        }
    }

    /** The registered role names (security is not implemented yet). */
    Collection<String> declaredRoles() {
        return List.copyOf(declaredRoles);
    }
}
