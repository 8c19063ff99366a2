package dev.gateway.servlet.deploy;

import dev.gateway.servlet.mapping.UrlPattern;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;

/**
 * One filter of the context: its registration (Servlet 6.1 section 4.4.3.2, {@link FilterRegistration.Dynamic}),
 * its {@link FilterConfig}, and its life cycle (section 6.2.1: initialized at deployment, before any
 * request, and destroyed when the context ends).
 */
public final class FilterHolder extends RegistrationSupport implements FilterRegistration.Dynamic, FilterConfig {

    private final Class<? extends Filter> filterClass;
    private Filter instance;
    private volatile Filter initialized;

    FilterHolder(GatewayServletContext context, String name, Filter instance, Class<? extends Filter> filterClass) {
        super(context, name, instance != null ? instance.getClass().getName() : filterClass.getName());
        this.instance = instance;
        this.filterClass = filterClass;
    }

    /** The initialized filter; initializes it on first use (deployment does so for every filter). */
    public Filter filter() throws ServletException {
        Filter ready = initialized;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (initialized == null) {
                if (instance == null) {
                    instance = context.createFilter(filterClass);
                }
                instance.init(this);
                initialized = instance;
            }
            return initialized;
        }
    }

    synchronized void destroy() {
        Filter filter = initialized;
        initialized = null;
        if (filter != null) {
            try {
                filter.destroy();
            } catch (RuntimeException e) {
                context.log("filter " + getName() + " failed in destroy()", e);
            }
        }
    }

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... servletNames) {
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("no servlet name given");
        }
        context.checkInitializing("addMappingForServletNames");
        context.filterMappings().add(new FilterMapping(this, types(dispatcherTypes), List.of(), List.of(servletNames)), isMatchAfter);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        List<String> names = new ArrayList<>();
        for (FilterMapping mapping : context.filterMappings().of(this)) {
            names.addAll(mapping.servletNames());
        }
        return names;
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... urlPatterns) {
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no url-pattern given");
        }
        context.checkInitializing("addMappingForUrlPatterns");
        List<UrlPattern> patterns = new ArrayList<>();
        for (String pattern : urlPatterns) {
            patterns.add(UrlPattern.parse(pattern));
        }
        context.filterMappings().add(new FilterMapping(this, types(dispatcherTypes), patterns, List.of()), isMatchAfter);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        List<String> patterns = new ArrayList<>();
        for (FilterMapping mapping : context.filterMappings().of(this)) {
            mapping.urlPatterns().forEach(p -> patterns.add(p.pattern()));
        }
        return patterns;
    }

    /** Section 6.2.5: a mapping without dispatcher types applies to REQUEST only. */
    private static EnumSet<DispatcherType> types(EnumSet<DispatcherType> given) {
        return given == null || given.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(given);
    }

    @Override
    public String getFilterName() {
        return getName();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }
}
