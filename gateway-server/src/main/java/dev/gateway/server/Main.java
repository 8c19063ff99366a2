package dev.gateway.server;

import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.app.AppLoader;
import dev.gateway.server.arbiter.Arbiter;
import dev.gateway.server.arbiter.ExitCodes;
import dev.gateway.server.cli.GatewayCommand;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import dev.gateway.server.log.Logging;
import dev.gateway.spi.Application;
import java.io.IOException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code gateway [OPTIONS] APP}: read the configuration, load the application, run the master until it
 * stops, and exit with its status. Every failure before the master runs is one line on stderr and a
 * distinct exit code ({@link ExitCodes}); a stack trace only at {@code --log-level debug}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        GatewayCommand.Invocation invocation;
        try {
            invocation = GatewayCommand.parse(args, Config.defaults());
        } catch (CommandLine.ParameterException e) {
            err.println("gateway: error: " + e.getMessage());
            err.println("Try 'gateway --help' for more information.");
            return ExitCodes.USAGE;
        } catch (ConfigException e) {
            err.println("gateway: error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        if (invocation.help()) {
            out.print(GatewayCommand.usage());
            return ExitCodes.OK;
        }
        if (invocation.version()) {
            out.println("gateway " + Version.VERSION);
            return ExitCodes.OK;
        }
        Config config = invocation.config();
        Logging.setLevel(config.get(Settings.LOGLEVEL));
        boolean debug = config.get(Settings.LOGLEVEL).equals("debug");
        Logger log = LoggerFactory.getLogger(Logging.ARBITER);

        Application application;
        try {
            application = new AppLoader(config.get(Settings.CLASSPATH)).load(invocation.app());
        } catch (AppLoadException e) {
            err.println("gateway: error: cannot load application: " + e.getMessage());
            if (debug && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return ExitCodes.APP_LOAD_ERROR;
        }

        Arbiter arbiter = new Arbiter(config, application);
        try {
            arbiter.installSignalHandlers();
            arbiter.start();
        } catch (ConfigException e) {
            err.println("gateway: error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.ERROR;
        }
        return arbiter.run();
    }
}
