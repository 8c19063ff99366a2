package dev.gateway.examples.spring;

import org.springframework.web.servlet.support.AbstractAnnotationConfigDispatcherServletInitializer;

/**
 * A Spring MVC application, configured as on any Servlet container: Spring's
 * {@code SpringServletContainerInitializer} finds this {@code WebApplicationInitializer}, which registers
 * the {@code DispatcherServlet} for {@code /} with {@link WebConfig}.
 *
 * <p>Run it with the servlet bridge, which runs every initializer on the class path:
 * {@code bin/gateway --classpath CLASSPATH dev.gateway.servlet.ServletApplication:fromClasspath}, or in code
 * with {@code ServletApplication.fromClasspath()}.
 */
public final class SpringApp extends AbstractAnnotationConfigDispatcherServletInitializer {

    @Override
    protected Class<?>[] getRootConfigClasses() {
        return null;
    }

    @Override
    protected Class<?>[] getServletConfigClasses() {
        return new Class<?>[] {WebConfig.class};
    }

    @Override
    protected String[] getServletMappings() {
        return new String[] {"/"};
    }
}
