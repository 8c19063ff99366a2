package dev.gateway.servlet.deploy;

import jakarta.servlet.Registration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What servlet and filter registrations share (Servlet 6.1 section 4.4.3): a name, a class name, init
 * parameters and the async-supported flag, all settable only while the context is being initialized.
 */
abstract class RegistrationSupport implements Registration.Dynamic {

    protected final GatewayServletContext context;
    private final String name;
    private final String className;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private volatile boolean asyncSupported;

    RegistrationSupport(GatewayServletContext context, String name, String className) {
        this.context = context;
        this.name = name;
        this.className = className;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return className;
    }

    /** Section 4.4.3: false when the parameter is set already; null names or values are refused. */
    @Override
    public synchronized boolean setInitParameter(String name, String value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("init parameter name and value must not be null");
        }
        context.checkInitializing("setInitParameter");
        return initParameters.putIfAbsent(name, value) == null;
    }

    @Override
    public synchronized String getInitParameter(String name) {
        return initParameters.get(name);
    }

    /** Returns the names that were set already (and leaves those unchanged). */
    @Override
    public synchronized Set<String> setInitParameters(Map<String, String> parameters) {
        Set<String> conflicts = new HashSet<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException("init parameter name and value must not be null");
            }
            if (initParameters.containsKey(entry.getKey())) {
                conflicts.add(entry.getKey());
            }
        }
        if (conflicts.isEmpty()) {
            context.checkInitializing("setInitParameters");
            initParameters.putAll(parameters);
        }
        return conflicts;
    }

    @Override
    public synchronized Map<String, String> getInitParameters() {
        return Map.copyOf(initParameters);
    }

    /** The init parameter names, for {@code ServletConfig} and {@code FilterConfig}. */
    public synchronized Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(Set.copyOf(initParameters.keySet()));
    }

    @Override
    public void setAsyncSupported(boolean asyncSupported) {
        context.checkInitializing("setAsyncSupported");
        this.asyncSupported = asyncSupported;
    }

    /** Whether the component supports asynchronous processing (section 2.3.3.3). */
    public boolean isAsyncSupported() {
        return asyncSupported;
    }
}
