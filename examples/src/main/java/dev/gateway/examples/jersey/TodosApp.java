package dev.gateway.examples.jersey;

import jakarta.ws.rs.ApplicationPath;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey (JAX-RS 4.0) application, configured as on any Servlet container: Jersey's
 * {@code JerseyServletContainerInitializer} finds this {@code @ApplicationPath} class and registers
 * its servlet for {@code /api/*}.
 *
 * <p>Run it with the servlet bridge, which runs every initializer on the class path:
 * {@code bin/gateway --classpath CLASSPATH dev.gateway.servlet.ServletApplication:fromClasspath}, or in code
 * with {@code ServletApplication.fromClasspath()}. (In this module the Spring example is deployed
 * beside it, at {@code /}.)
 */
@ApplicationPath("/api")
public class TodosApp extends ResourceConfig {

    /**
     * The resource (one instance, holding the todos), its exception mapper, and JSON through Jackson;
     * no WADL (it needs JAXB, which the example leaves out).
     */
    public TodosApp() {
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        register(new TodosResource());
        register(TodoNotFoundMapper.class);
        register(JacksonFeature.class);
    }
}
