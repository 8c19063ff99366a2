package dev.gateway.server.junit;

import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.spi.Application;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a gateway for a test class: started once per class (default) or once
 * per test, on an ephemeral port of 127.0.0.1, stopped gracefully afterwards. Test methods may take a
 * {@link URI} (the base URI), an {@link HttpClient} or a {@link RunningGateway} parameter. The
 * server's log lines are captured and printed only when a test fails.
 *
 * <pre>{@code
 * class HelloTest {
 *     @RegisterExtension
 *     static GatewayExtension gateway = GatewayExtension.serving(new Hello());
 *
 *     @Test
 *     void greets(URI base, HttpClient client) throws Exception {
 *         var response = client.send(HttpRequest.newBuilder(base).build(), BodyHandlers.ofString());
 *         assertEquals(200, response.statusCode());
 *     }
 * }
 * }</pre>
 *
 * <p>JUnit is an optional dependency of gateway-server: add junit-jupiter to your test scope to use this.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Application application;
    private final UnaryOperator<Gateway> configuration;
    private final boolean perTest;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final LogCapture log = new LogCapture();
    private RunningGateway running;

    private GatewayExtension(Application application, UnaryOperator<Gateway> configuration, boolean perTest) {
        this.application = Objects.requireNonNull(application, "application");
        this.configuration = configuration;
        this.perTest = perTest;
    }

    /** Serves {@code application} with default settings, one server for the whole class. */
    public static GatewayExtension serving(Application application) {
        return new GatewayExtension(application, UnaryOperator.identity(), false);
    }

    /** Applies settings to the builder, e.g. {@code g -> g.set(Settings.WORKERS, 2)}. */
    public GatewayExtension configure(UnaryOperator<Gateway> configuration) {
        return new GatewayExtension(application, configuration, perTest);
    }

    /** Starts a fresh server for every test instead of one per class. */
    public GatewayExtension perTest() {
        return new GatewayExtension(application, configuration, true);
    }

    /** The running server (between start and stop). */
    public RunningGateway server() {
        if (running == null) {
            throw new IllegalStateException("the gateway is not running");
        }
        return running;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI baseUri() {
        return server().baseUri();
    }

    /** A client for the tests. */
    public HttpClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        log.start();
        if (!perTest) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        log.clear();
        if (perTest) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
        context.getExecutionException().ifPresent(failure -> log.print(context.getDisplayName()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            stop();
        }
        context.getExecutionException().ifPresent(failure -> log.print(context.getDisplayName()));
        log.stop();
    }

    private void start() {
        running = configuration.apply(Gateway.builder(application)).start();
    }

    private void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class || type == HttpClient.class || type == RunningGateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == URI.class) {
            return baseUri();
        }
        return type == HttpClient.class ? client : server();
    }
}
