package dev.gateway.servlet.request;

import dev.gateway.servlet.http.FormDecoder;
import dev.gateway.servlet.deploy.GatewayServletContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request as a forward, include, error or async dispatch shows it (Servlet 6.1 chapter 9 and section
 * 2.3.3.3): its dispatcher type; for every type but INCLUDE, the target's paths and mapping; the
 * query string of the dispatch path, whose parameters come before the request's (section 9.1.1); and the
 * dispatch's own attributes ({@code jakarta.servlet.forward.*}, {@code .include.*}, {@code .error.*},
 * {@code .async.*}), which live only as long as the dispatch does.
 */
public final class DispatchedRequest extends HttpServletRequestWrapper {

    private final GatewayServletContext context;
    private final DispatcherType type;
    private final Target target;
    private final Map<String, Object> dispatchAttributes;
    private Map<String, String[]> parameters;

    /**
     * Where the dispatch goes: the paths the request reports during it.
     *
     * @param requestUri  the new request URI (context path included, not decoded)
     * @param servletPath the target's servlet path
     * @param pathInfo    the target's path info, or null
     * @param queryString the dispatch path's query, or null to keep the request's
     * @param mapping     the target's mapping, or null for a named dispatch
     */
    public record Target(String requestUri, String servletPath, String pathInfo, String queryString, HttpServletMapping mapping) {
    }

    /**
     * @param request            the request being dispatched
     * @param context            the context
     * @param type               the dispatcher type
     * @param target             the target's paths; null for a named dispatch (paths unchanged)
     * @param dispatchAttributes the attributes of this dispatch (section 9.3.1, 9.4.2, 10.9.1, 2.3.3.3)
     */
    public DispatchedRequest(HttpServletRequest request, GatewayServletContext context, DispatcherType type, Target target,
                             Map<String, Object> dispatchAttributes) {
        super(request);
        this.context = context;
        this.type = type;
        this.target = target;
        this.dispatchAttributes = new LinkedHashMap<>(dispatchAttributes);
    }

    /** The attributes the spec asks to describe {@code request}'s current paths, under {@code prefix} (e.g. {@code jakarta.servlet.forward.}). */
    public static Map<String, Object> pathAttributes(HttpServletRequest request, String prefix) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        putIfNotNull(attributes, prefix + "request_uri", request.getRequestURI());
        putIfNotNull(attributes, prefix + "context_path", request.getContextPath());
        putIfNotNull(attributes, prefix + "servlet_path", request.getServletPath());
        putIfNotNull(attributes, prefix + "path_info", request.getPathInfo());
        putIfNotNull(attributes, prefix + "query_string", request.getQueryString());
        putIfNotNull(attributes, prefix + "mapping", request.getHttpServletMapping());
        return attributes;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private boolean changesPaths() {
        return target != null && type != DispatcherType.INCLUDE;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return type;
    }

    @Override
    public String getRequestURI() {
        return changesPaths() ? target.requestUri() : super.getRequestURI();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (!changesPaths()) {
            return super.getRequestURL();
        }
        return new StringBuffer(RequestUris.origin(getScheme(), getServerName(), getServerPort())).append(target.requestUri());
    }

    @Override
    public String getServletPath() {
        return changesPaths() ? target.servletPath() : super.getServletPath();
    }

    @Override
    public String getPathInfo() {
        return changesPaths() ? target.pathInfo() : super.getPathInfo();
    }

    @Override
    public String getPathTranslated() {
        String pathInfo = getPathInfo();
        return pathInfo == null ? null : context.getRealPath(pathInfo);
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return changesPaths() && target.mapping() != null ? target.mapping() : super.getHttpServletMapping();
    }

    @Override
    public String getQueryString() {
        return changesPaths() && target.queryString() != null ? target.queryString() : super.getQueryString();
    }

    // Parameters: the dispatch query's first (section 9.1.1)

    private Map<String, String[]> parameters() {
        if (parameters == null) {
            String query = target == null ? null : target.queryString();
            if (query == null || query.isEmpty()) {
                parameters = super.getParameterMap();
            } else {
                parameters = merged(query, super.getParameterMap());
            }
        }
        return parameters;
    }

    private static Map<String, String[]> merged(String query, Map<String, String[]> base) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        FormDecoder.decode(query, StandardCharsets.UTF_8, values);
        for (Map.Entry<String, String[]> entry : base.entrySet()) {
            values.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).addAll(List.of(entry.getValue()));
        }
        Map<String, String[]> map = new LinkedHashMap<>();
        values.forEach((name, list) -> map.put(name, list.toArray(String[]::new)));
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    // Attributes: the dispatch's own first

    @Override
    public Object getAttribute(String name) {
        return dispatchAttributes.containsKey(name) ? dispatchAttributes.get(name) : super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        names.addAll(dispatchAttributes.keySet());
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (dispatchAttributes.containsKey(name)) {
            dispatchAttributes.put(name, value);
        } else {
            super.setAttribute(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (dispatchAttributes.containsKey(name)) {
            dispatchAttributes.remove(name);
        } else {
            super.removeAttribute(name);
        }
    }

    /** Relative paths resolve against this dispatch's path (section 9.1.1). */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        String resolved = RelativePaths.resolve(this, path);
        return resolved == null ? null : context.getRequestDispatcher(resolved);
    }
}
