package dev.gateway.server.embed;

import dev.gateway.server.arbiter.Arbiter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/** A started gateway. {@link #close()} stops it gracefully: requests in flight finish first. */
public final class RunningGateway implements AutoCloseable {

    private final Arbiter arbiter;
    private final Thread loop;
    private final String scheme;

    RunningGateway(Arbiter arbiter, Thread loop, String scheme) {
        this.arbiter = arbiter;
        this.loop = loop;
        this.scheme = scheme;
    }

    /** The bound addresses, in bind order, with real ports. */
    public List<SocketAddress> addresses() {
        return arbiter.addresses();
    }

    /** The port of the first TCP listener. */
    public int port() {
        return firstTcp().getPort();
    }

    /** {@code http://HOST:PORT/} of the first TCP listener ({@code https} when TLS is configured). */
    public URI baseUri() {
        InetSocketAddress address = firstTcp();
        String host = address.getAddress().getHostAddress();
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    private InetSocketAddress firstTcp() {
        return addresses().stream()
                .filter(InetSocketAddress.class::isInstance)
                .map(InetSocketAddress.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no TCP listener"));
    }

    /** Delivers {@code event} to the master as if its signal had arrived (e.g. USR1: reopen the log files). */
    public void signal(Arbiter.Event event) {
        arbiter.send(event);
    }

    /** Stops gracefully and waits for the stop to finish. */
    @Override
    public void close() {
        arbiter.requestStop(true);
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
