package dev.gateway.bench.servlet;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.web.SpringServletContainerInitializer;

/**
 * Jetty 12.1 (EE 11 servlets) serving the Spring MVC example (dev.gateway.examples.spring.SpringApp,
 * found on the class path) at the root, with its defaults (200 threads): {@code JettyMain PORT}.
 */
public final class JettyMain {

    private JettyMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        Class<?> app = Class.forName("dev.gateway.examples.spring.SpringApp");
        context.addServletContainerInitializer(new SpringServletContainerInitializer(), app);
        server.setHandler(context);
        server.start();
        System.out.println("Jetty listening on 127.0.0.1:" + port);
        server.join();
    }
}
