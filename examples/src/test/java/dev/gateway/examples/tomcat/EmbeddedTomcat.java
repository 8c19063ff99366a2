package dev.gateway.examples.tomcat;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/** Tomcat 11 embedded on 127.0.0.1 and a free port, with one root context that {@code deploy} sets up. */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat;

    private EmbeddedTomcat(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    /** Starts Tomcat with its work files under {@code dir}; {@code deploy} adds the initializers. */
    static EmbeddedTomcat start(Path dir, Consumer<Context> deploy) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        deploy.accept(tomcat.addContext("", dir.toString()));
        tomcat.start();
        return new EmbeddedTomcat(tomcat);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
