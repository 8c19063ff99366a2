package dev.gateway.examples.spring;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletRegistration;
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

    /** Uploads: parts up to 10 MiB, requests up to 20 MiB, in memory up to 64 KiB and on disk beyond. */
    @Override
    protected void customizeRegistration(ServletRegistration.Dynamic registration) {
        registration.setMultipartConfig(new MultipartConfigElement("", 10L << 20, 20L << 20, 64 << 10));
    }
}
