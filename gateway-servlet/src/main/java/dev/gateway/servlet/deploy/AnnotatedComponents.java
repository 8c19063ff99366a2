package dev.gateway.servlet.deploy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;

/**
 * Registers the classes of the class path annotated {@link WebServlet}, {@link WebFilter} and
 * {@link WebListener} (Servlet 6.1 section 8.1), found by their class headers; only those classes are
 * loaded. A servlet or filter whose name the deployment descriptor declared already keeps the
 * descriptor's registration (section 8.2.3: the descriptor wins).
 */
final class AnnotatedComponents {

    private static final String WEB_SERVLET = WebServlet.class.getName();
    private static final String WEB_FILTER = WebFilter.class.getName();
    private static final String WEB_LISTENER = WebListener.class.getName();

    private AnnotatedComponents() {
    }

    static void register(GatewayServletContext context, ClassPathScanner scanner) {
        for (ClassFileHeader header : scanner.headers().values()) {
            List<String> annotations = header.annotations();
            if (!header.concrete()) {
                continue;
            }
            if (annotations.contains(WEB_SERVLET)) {
                servlet(context, load(context, header.name()).asSubclass(Servlet.class));
            }
            if (annotations.contains(WEB_FILTER)) {
                filter(context, load(context, header.name()).asSubclass(Filter.class));
            }
            if (annotations.contains(WEB_LISTENER)) {
                context.addListener(load(context, header.name()).asSubclass(EventListener.class));
            }
        }
    }

    private static Class<?> load(GatewayServletContext context, String name) {
        try {
            return Class.forName(name, false, context.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot load the annotated class " + name, e);
        }
    }

    private static void servlet(GatewayServletContext context, Class<? extends Servlet> type) {
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        String name = annotation.name().isEmpty() ? type.getName() : annotation.name();
        if (context.getServletRegistration(name) != null) {
            return;
        }
        ServletRegistration.Dynamic registration = context.addServlet(name, type);
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        if (patterns.length > 0) {
            registration.addMapping(patterns);
        }
        initParameters(registration, annotation.initParams());
        registration.setLoadOnStartup(annotation.loadOnStartup());
        registration.setAsyncSupported(annotation.asyncSupported());
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (multipart != null) {
            registration.setMultipartConfig(new MultipartConfigElement(multipart));
        }
    }

    private static void filter(GatewayServletContext context, Class<? extends Filter> type) {
        WebFilter annotation = type.getAnnotation(WebFilter.class);
        String name = annotation.filterName().isEmpty() ? type.getName() : annotation.filterName();
        if (context.getFilterRegistration(name) != null) {
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(name, type);
        EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        types.addAll(List.of(annotation.dispatcherTypes()));
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        if (patterns.length > 0) {
            registration.addMappingForUrlPatterns(types, true, patterns);
        }
        if (annotation.servletNames().length > 0) {
            registration.addMappingForServletNames(types, true, annotation.servletNames());
        }
        initParameters(registration, annotation.initParams());
        registration.setAsyncSupported(annotation.asyncSupported());
    }

    private static void initParameters(jakarta.servlet.Registration registration, WebInitParam[] parameters) {
        for (WebInitParam parameter : parameters) {
            registration.setInitParameter(parameter.name(), parameter.value());
        }
    }
}
