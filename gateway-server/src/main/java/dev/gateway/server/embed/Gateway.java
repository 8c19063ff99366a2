package dev.gateway.server.embed;

import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.app.AppLoader;
import dev.gateway.server.arbiter.Arbiter;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigLoader;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Starts a gateway inside this JVM: in tests, or in an application that owns its {@code main}. It runs
 * the same master and workers as the command line.
 *
 * <pre>{@code
 * try (RunningGateway gateway = Gateway.builder(new Hello()).bind("127.0.0.1:0").start()) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.baseUri()).build(), ofString());
 * }
 * }</pre>
 */
public final class Gateway {

    private final Application application;
    /** The application as a class name ({@code CLASS}, {@code CLASS:member}), when it was given as one. */
    private final String appSpec;
    private Config config = Config.defaults().with(Settings.BIND, List.of("127.0.0.1:0"), Config.Source.API);

    private Gateway(Application application, String appSpec) {
        this.application = Objects.requireNonNull(application, "application");
        this.appSpec = appSpec;
    }

    /**
     * A builder for a gateway serving {@code application}, bound to an ephemeral port on 127.0.0.1 by
     * default. An application object can only run in this JVM: the {@code thread} and {@code virtual}
     * worker classes; use {@link #builder(String)} for {@code process} workers.
     */
    public static Gateway builder(Application application) {
        return new Gateway(application, null);
    }

    /**
     * A builder for a gateway serving the application named {@code appSpec} ({@code CLASS},
     * {@code CLASS:field} or {@code CLASS:method}, as on the command line), loaded from this JVM's
     * class path. Works with every worker class: process workers load the same name.
     *
     * @throws AppLoadException when the application cannot be loaded
     */
    public static Gateway builder(String appSpec) throws AppLoadException {
        Application application = new AppLoader(List.of()).load(appSpec);
        Gateway gateway = new Gateway(application, appSpec);
        gateway.config = gateway.config.with(Settings.WSGI_APP, appSpec, Config.Source.API);
        return gateway;
    }

    /** Sets any setting of the registry by its typed key; the value is validated as on the command line. */
    public <T> Gateway set(Setting<T> setting, T value) {
        setting.validate(value, String.valueOf(value), setting.name());
        config = config.with(setting, value, Config.Source.API);
        return this;
    }

    /**
     * Reads a config file (Java properties keyed by setting name, as {@code gateway -c FILE} does).
     * Values set through this builder win over the file's, whichever call comes first.
     *
     * @throws dev.gateway.server.config.ConfigException for an unreadable file, an unknown key or a bad value
     */
    public Gateway configFile(Path file) {
        config = ConfigLoader.withFile(config, file);
        return this;
    }

    /** Replaces the listen addresses ({@code HOST:PORT}, {@code [IPv6]:PORT}, {@code unix:PATH}; port 0 for any). */
    public Gateway bind(String... addresses) {
        return set(Settings.BIND, List.of(addresses));
    }

    /** Starts the server; returns once every listener is bound. */
    public RunningGateway start() {
        if (appSpec == null && config.get(Settings.WORKER_CLASS) == WorkerClass.PROCESS) {
            throw new IllegalStateException("the process worker class runs the application in child JVMs, which need"
                    + " it by class name: use Gateway.builder(\"com.example.App\") instead of an application object");
        }
        Arbiter arbiter = new Arbiter(config, application);
        try {
            arbiter.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread loop = new Thread(arbiter::run, "gateway-arbiter");
        loop.setDaemon(true);
        loop.start();
        String certfile = config.get(Settings.CERTFILE);
        return new RunningGateway(arbiter, loop, certfile == null || certfile.isEmpty() ? "http" : "https");
    }
}
