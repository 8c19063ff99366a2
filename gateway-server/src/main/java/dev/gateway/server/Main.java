package dev.gateway.server;

import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.app.AppLoader;
import dev.gateway.server.arbiter.Arbiter;
import dev.gateway.server.arbiter.Reloader;
import dev.gateway.server.cli.CtlCommand;
import dev.gateway.server.cli.GatewayCommand;
import dev.gateway.server.cli.ShellWords;
import dev.gateway.server.cli.UsageException;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.ConfigLoader;
import dev.gateway.server.config.ConfigPrinter;
import dev.gateway.server.config.ExitCode;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.Version;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.log.Logging;
import dev.gateway.server.config.BindAddress;
import dev.gateway.server.net.BindCheck;
import dev.gateway.server.net.BindFailure;
import dev.gateway.server.net.NettyDefaults;
import dev.gateway.server.worker.VirtualCarriers;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway [OPTIONS] [APP]}: read the configuration, load the application, run the master until
 * it stops, and exit with its status. Every failure before the master runs is one line on stderr and
 * a distinct exit code ({@link ExitCode}); an application that fails to load adds its traceback
 * below that line, and other stack traces appear only at {@code --log-level debug}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
        if (mayServe(args)) {
            Logging.startEarly(NettyDefaults::initialize);
        }
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Whether the command goes on to serve, so that logback and Netty may start at once, beside the
     * parsing ({@link Logging#startEarly}). Not {@code ctl}, a client, nor {@code --help} and
     * {@code --version}: they print and exit, and logback's start beside them made {@code --version}
     * take 0.1 s longer (docs/performance.md).
     */
    private static boolean mayServe(String[] args) {
        return !(args.length > 0 && args[0].equals("ctl")) && !GatewayCommand.mayOnlyPrint(Arrays.asList(args));
    }

    /** Runs the command with the process environment; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /**
     * Runs the command; returns the exit status.
     *
     * @param environment the process environment (tests pass their own map)
     */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("ctl")) {
            return CtlCommand.run(Arrays.asList(args).subList(1, args.length), environment, out, err);
        }
        ConfigLoader loader = new ConfigLoader(environment);
        GatewayCommand.Arguments commandLine;
        Config config;
        try {
            commandLine = GatewayCommand.parse(Arrays.asList(args));
            if (commandLine.help()) {
                out.print(GatewayCommand.usage());
                return ExitCode.OK.code();
            }
            if (commandLine.version()) {
                out.println("gateway " + Version.VERSION);
                return ExitCode.OK.code();
            }
            GatewayCommand.Arguments fromEnvironment = environmentArguments(loader);
            Logging.awaitStart();
            config = loader.load(fromEnvironment.values(), commandLine.values());
        } catch (UsageException e) {
            err.println("gateway: error: " + e.getMessage());
            if (e.pointsToHelp()) {
                err.println("Try 'gateway --help' for more information.");
            }
            return ExitCode.USAGE.code();
        } catch (ConfigException e) {
            err.println("gateway: error: " + e.getMessage());
            return ExitCode.CONFIG_ERROR.code();
        }
        if (config.get(Settings.PRINT_CONFIG)) {
            out.print(ConfigPrinter.render(config));
            if (!config.get(Settings.CHECK_CONFIG)) {
                return ExitCode.OK.code();
            }
        }
        if (config.get(Settings.WSGI_APP) == null && config.get(Settings.WAR) == null) {
            err.println("gateway: error: no application: give APP on the command line, --war, or wsgi_app in the config file");
            err.println("Try 'gateway --help' for more information.");
            return ExitCode.USAGE.code();
        }
        if (config.get(Settings.WSGI_APP) != null && config.get(Settings.WAR) != null) {
            err.println("gateway: error: give APP or --war, not both");
            return ExitCode.USAGE.code();
        }
        try {
            Logging.apply(config);
        } catch (ConfigException e) {
            err.println("gateway: error: " + e.getMessage());
            return ExitCode.CONFIG_ERROR.code();
        }
        boolean debug = config.get(Settings.LOGLEVEL).equals("debug");

        Application application;
        try {
            application = loadApplication(config);
        } catch (AppLoadException e) {
            err.println("gateway: error: cannot load application: " + e.getMessage());
            if (e.getCause() != null) {
                // The application's own code failed (a constructor, a static initializer): its
                // traceback is what the user needs, as Gunicorn prints it.
                e.getCause().printStackTrace(err);
            }
            return ExitCode.APP_LOAD_ERROR.code();
        }
        if (config.get(Settings.CHECK_CONFIG)) {
            try {
                BindCheck.check(BindAddress.parseAll(config.get(Settings.BIND)));
            } catch (BindFailure e) {
                err.println("gateway: error: " + e.getMessage());
                return ExitCode.ERROR.code(); // what the start would exit with
            }
            String app = Objects.requireNonNullElse(config.get(Settings.WSGI_APP), config.get(Settings.WAR));
            out.println("gateway: configuration OK, application " + app + " loaded");
            return ExitCode.OK.code();
        }
        GatewayCommand.Arguments given = commandLine;
        Reloader reloader = () -> {
            // SIGHUP: the configuration and the application are loaded again, by the same steps.
            ConfigLoader again = new ConfigLoader(environment);
            Config reloaded = again.load(environmentArguments(again).values(), given.values());
            return new Reloader.Reloaded(reloaded, loadApplication(reloaded));
        };
        return serve(config, application, reloader, environment, err, debug);
    }

    /** GATEWAY_CMD_ARGS, split like a shell would and parsed like the command line. */
    private static GatewayCommand.Arguments environmentArguments(ConfigLoader loader) {
        try {
            return GatewayCommand.parse(ShellWords.split(loader.environmentArguments()));
        } catch (UsageException e) {
            throw new UsageException("in " + ConfigLoader.CMD_ARGS + ": " + e.getMessage(), e.pointsToHelp());
        }
    }

    private static Application loadApplication(Config config) throws AppLoadException {
        Path base = Path.of(config.get(Settings.CHDIR));
        return new AppLoader(config.get(Settings.CLASSPATH), base).load(config.get(Settings.WSGI_APP), config.get(Settings.WAR));
    }

    private static int serve(Config config, Application application, Reloader reloader, Map<String, String> environment,
                             PrintStream err, boolean debug) {
        Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
        if (config.get(Settings.WORKER_CLASS) == WorkerClass.VIRTUAL) {
            VirtualCarriers.size(config.get(Settings.IO_THREADS));
        }
        Arbiter arbiter = new Arbiter(config, application).reloader(reloader).retryBinds().serviceMode(environment);
        try {
            arbiter.installSignalHandlers();
            arbiter.start();
        } catch (ConfigException e) {
            err.println("gateway: error: " + e.getMessage());
            return ExitCode.CONFIG_ERROR.code();
        } catch (BindFailure e) {
            // The last word after the retries, as Gunicorn's "Can't connect to ('127.0.0.1', 8000)".
            log.error("Can't connect to {}: {}", e.address(), e.reason());
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.ERROR.code();
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.ERROR.code();
        } catch (RuntimeException e) {
            // A defect, not bad input: the trace goes to the error log, and the process still exits.
            log.error("cannot start: {}", e.toString(), e);
            return ExitCode.ERROR.code();
        }
        return arbiter.run();
    }
}
