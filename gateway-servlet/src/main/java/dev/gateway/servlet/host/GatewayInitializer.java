package dev.gateway.servlet.host;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

/**
 * Deploys a gateway application from a WAR with no {@code web.xml}: a container finds this initializer
 * through {@code META-INF/services} (Servlet 6.1 section 8.2.4) in gateway-servlet's jar, and it
 * registers a {@link GatewayServlet} when the web application names its application, in the
 * context-parameter {@value #CONTEXT_PARAMETER} or in {@value #CONFIG_FILE}:
 *
 * <pre>
 * # WEB-INF/gateway.properties
 * application=com.example.Hello
 * </pre>
 *
 * <p>The servlet is mapped to {@code /*} (the application sees every path of the context, and
 * {@code SCRIPT_NAME} is the context path), or to the pattern of the optional key {@code mapping}
 * (e.g. {@code /api/*}, when the application shares its WAR with other servlets). It loads on startup,
 * so a wrong name fails the deployment at once. A web application that names no application is left
 * alone: gateway-servlet on the class path of an ordinary WAR changes nothing.
 */
public final class GatewayInitializer implements ServletContainerInitializer {

    /** The context-parameter that names the application; it wins over the file. */
    public static final String CONTEXT_PARAMETER = "gateway.application";
    /** The file whose key {@code application} names the application. */
    public static final String CONFIG_FILE = "/WEB-INF/gateway.properties";
    /** The name the servlet is registered under. */
    public static final String SERVLET_NAME = "gateway";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Properties config = config(context);
        String application = context.getInitParameter(CONTEXT_PARAMETER);
        if (application == null) {
            application = config.getProperty("application");
        }
        if (application == null || application.isBlank()) {
            return;
        }
        ServletRegistration.Dynamic servlet = context.addServlet(SERVLET_NAME, GatewayServlet.class);
        if (servlet == null) {
            context.log("a servlet named '" + SERVLET_NAME + "' exists already; the gateway application " + application
                    + " is not registered");
            return;
        }
        servlet.setInitParameter(GatewayServlet.APPLICATION, application.strip());
        servlet.setLoadOnStartup(1);
        String mapping = config.getProperty("mapping", "/*").strip();
        Set<String> taken = servlet.addMapping(mapping);
        if (!taken.isEmpty()) {
            throw new ServletException("the gateway application cannot be mapped to " + mapping + ": another servlet has it");
        }
        context.log("gateway application " + application.strip() + " at " + mapping);
    }

    /** The optional {@value #CONFIG_FILE}; empty when the WAR has none. */
    private static Properties config(ServletContext context) throws ServletException {
        Properties properties = new Properties();
        try (InputStream in = context.getResourceAsStream(CONFIG_FILE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new ServletException("cannot read " + CONFIG_FILE + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
