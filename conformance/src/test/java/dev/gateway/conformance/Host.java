package dev.gateway.conformance;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.servlet.host.GatewayServlet;
import dev.gateway.spi.Application;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One host of a gateway application, listening on an ephemeral port of 127.0.0.1: gateway itself, or a
 * Servlet container serving the application through {@link GatewayServlet} mapped to {@code /*} of the
 * root context. Each starts and stops the application as its lifecycle says.
 */
abstract class Host implements AutoCloseable {

    /** The hosts the suite runs against, by name. */
    enum Kind {
        GATEWAY, TOMCAT, JETTY;

        Host start(Application application) throws Exception {
            return switch (this) {
                case GATEWAY -> new GatewayHost(application);
                case TOMCAT -> new TomcatHost(application);
                case JETTY -> new JettyHost(application);
            };
        }
    }

    /** The port it listens on. */
    abstract int port();

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Stops the host: the application's shutdown() has run when it returns. */
    @Override
    public abstract void close();

    /**
     * gateway, embedded, with four worker threads (so that requests run concurrently), and idle
     * connections kept 30 s as Jetty keeps them (Tomcat 20 s) instead of Gunicorn's 2 s: the suite's
     * one HttpClient reuses idle connections, and a POST sent on one the server is closing at that
     * moment fails ("received no bytes"; the client retries only idempotent requests). A 1 MiB POST
     * failed so once in a full build with the 2 s default, the likely cause; it did not reproduce alone.
     */
    private static final class GatewayHost extends Host {
        private final RunningGateway gateway;

        GatewayHost(Application application) {
            gateway = Gateway.builder(application).set(Settings.THREADS, 4).set(Settings.KEEPALIVE, 30).start();
        }

        @Override
        int port() {
            return gateway.port();
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    /** Tomcat 11, embedded: one root context holding the GatewayServlet; its own thread pool. */
    private static final class TomcatHost extends Host {
        private final Tomcat tomcat = new Tomcat();
        private final Connector connector = new Connector();
        private final Path base;

        TomcatHost(Application application) throws Exception {
            base = Files.createTempDirectory("tomcat-conformance");
            tomcat.setBaseDir(base.toString());
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", base.toString());
            Hosts.quietTomcatStop(context);
            Wrapper servlet = Tomcat.addServlet(context, "gateway", new GatewayServlet(application));
            servlet.setLoadOnStartup(1);
            servlet.addMapping("/*");
            tomcat.start();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        public void close() {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            } finally {
                Paths.deleteTree(base);
            }
        }
    }

    /** Jetty 12.1 with the EE 10 (Servlet 6.0) environment: one root context holding the GatewayServlet. */
    private static final class JettyHost extends Host {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);

        JettyHost(Application application) throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            ServletHolder holder = new ServletHolder(new GatewayServlet(application));
            holder.setInitOrder(1);
            context.addServlet(holder, "/*");
            server.setHandler(context);
            server.start();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
