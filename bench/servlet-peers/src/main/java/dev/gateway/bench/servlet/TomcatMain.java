package dev.gateway.bench.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.web.SpringServletContainerInitializer;

/**
 * Tomcat 11 embedded serving the Spring MVC example (dev.gateway.examples.spring.SpringApp, found on
 * the class path) at the root, with its defaults (NIO connector, 200 threads): {@code TomcatMain PORT}.
 */
public final class TomcatMain {

    private TomcatMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path base = Files.createTempDirectory("tomcat-bench");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Class<?> app = Class.forName("dev.gateway.examples.spring.SpringApp");
        context.addServletContainerInitializer(new SpringServletContainerInitializer(), Set.of(app));
        tomcat.start();
        System.out.println("Tomcat listening on 127.0.0.1:" + port);
        tomcat.getServer().await();
    }
}
