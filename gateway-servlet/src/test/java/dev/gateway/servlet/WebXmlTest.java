package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** web.xml (chapter 14): what it declares is registered as the builder's own registrations are. */
class WebXmlTest {

    /** Greets with its init parameter and the context's. */
    public static final class Greeter extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getPathInfo() != null && request.getPathInfo().equals("/fail")) {
                throw new IllegalArgumentException("declared failure");
            }
            request.getSession();
            response.getWriter().write(getInitParameter("greeting") + " " + getServletContext().getInitParameter("who")
                    + " " + getServletContext().getAttribute("listener") + " " + request.getAttribute("filtered")
                    + " " + (getServletConfig().getServletContext().getServletRegistration("greeter")) .getMappings());
        }
    }

    /** Shows the error attributes. */
    public static final class Errors extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("error page for " + request.getAttribute("jakarta.servlet.error.exception_type"));
        }
    }

    /** Marks the request. */
    public static final class Marking implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            request.setAttribute("filtered", "yes");
            chain.doFilter(request, response);
        }
    }

    /** Sets a context attribute at start. */
    public static final class Starting implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute("listener", "started");
        }
    }

    private static final String PREFIX = "dev.gateway.servlet.WebXmlTest$";

    private static String webXml(String extra) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
                  <display-name>declared</display-name>
                  <context-param><param-name>who</param-name><param-value>world</param-value></context-param>
                  <listener><listener-class>%1$sStarting</listener-class></listener>
                  <servlet>
                    <servlet-name>greeter</servlet-name>
                    <servlet-class>%1$sGreeter</servlet-class>
                    <init-param><param-name>greeting</param-name><param-value>hello</param-value></init-param>
                    <load-on-startup>1</load-on-startup>
                    <multipart-config><max-file-size>1000</max-file-size></multipart-config>
                  </servlet>
                  <servlet><servlet-name>errors</servlet-name><servlet-class>%1$sErrors</servlet-class></servlet>
                  <servlet-mapping><servlet-name>greeter</servlet-name><url-pattern>/greet/*</url-pattern><url-pattern>*.hi</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>errors</servlet-name><url-pattern>/errors</url-pattern></servlet-mapping>
                  <filter><filter-name>marking</filter-name><filter-class>%1$sMarking</filter-class></filter>
                  <filter-mapping><filter-name>marking</filter-name><servlet-name>greeter</servlet-name><dispatcher>REQUEST</dispatcher></filter-mapping>
                  <error-page><exception-type>java.lang.IllegalArgumentException</exception-type><location>/errors</location></error-page>
                  <session-config>
                    <session-timeout>5</session-timeout>
                    <cookie-config><name>SID</name><attribute><attribute-name>SameSite</attribute-name><attribute-value>Lax</attribute-value></attribute></cookie-config>
                  </session-config>
                  %2$s
                </web-app>
                """.formatted(PREFIX, extra);
    }

    @Test
    void registersWhatTheDescriptorDeclares(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("web.xml"), webXml(""));
        try (ServletApplication app = ServletApplication.builder().webXml(file).build()) {
            TestClient client = new TestClient(app);
            TestResponse response = client.get("/greet/x");
            assertEquals("hello world started yes [/greet/*, *.hi]", response.text());
            assertTrue(response.header("Set-Cookie").startsWith("SID="), response.header("Set-Cookie"));
            assertTrue(response.header("Set-Cookie").contains("SameSite=Lax"));
            assertEquals("error page for class java.lang.IllegalArgumentException", client.get("/greet/fail").text());
            assertEquals("declared", app.servletContext().getServletContextName());
            assertEquals(5, app.servletContext().getSessionTimeout());
        }
    }

    @Test
    void refusesToServeWhatItCannotProtect(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("web.xml"), webXml(
                "<security-constraint><web-resource-collection><url-pattern>/*</url-pattern></web-resource-collection></security-constraint>"));
        DeploymentException failure = assertThrows(DeploymentException.class, () -> ServletApplication.builder().webXml(file).build().startup());
        assertTrue(failure.getMessage().contains("security-constraint"));
    }

    @Test
    void doesNotResolveExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        Path file = Files.writeString(dir.resolve("web.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE web-app [<!ENTITY leak SYSTEM "%s">]>
                <web-app><context-param><param-name>x</param-name><param-value>&leak;</param-value></context-param></web-app>
                """.formatted(secret.toUri()));
        try (ServletApplication app = ServletApplication.builder().webXml(file).build()) {
            assertTrue(app.servletContext().getInitParameter("x") == null || !app.servletContext().getInitParameter("x").contains("secret"));
        } catch (java.io.UncheckedIOException refused) {
            // refusing the document outright is fine too
        }
    }
}
