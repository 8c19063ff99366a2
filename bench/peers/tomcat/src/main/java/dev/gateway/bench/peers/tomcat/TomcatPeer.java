package dev.gateway.bench.peers.tomcat;

import dev.gateway.bench.peers.Payload;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat 11 embedded with its defaults (NIO connector, at most 200 request threads) and one plain
 * {@code HttpServlet} mapped to {@code /}: each request, {@code /blocking}'s sleep included, runs on
 * a request thread, as the Servlet model has it.
 *
 * <p>Usage: {@code java -jar peer-tomcat.jar PORT [HOST]}.
 */
public final class TomcatPeer extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Path base = Files.createTempDirectory("tomcat-peer");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "peer", new TomcatPeer());
        context.addServletMappingDecoded("/", "peer");
        tomcat.start();
        System.out.println("tomcat listening on http://" + host + ":" + port);
        tomcat.getServer().await();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getServletPath()) {
            case "/json" -> write(response, "application/json", Payload.json());
            case "/blocking" -> {
                try {
                    Thread.sleep(Payload.BLOCKING_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    return;
                }
                write(response, "text/plain", Payload.HELLO_BYTES);
            }
            default -> write(response, "text/plain", Payload.HELLO_BYTES);
        }
    }

    private static void write(HttpServletResponse response, String type, byte[] body) throws IOException {
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
