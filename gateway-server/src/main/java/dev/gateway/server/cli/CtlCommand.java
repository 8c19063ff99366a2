package dev.gateway.server.cli;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.control.ControlClient;
import dev.gateway.server.control.ControlRequest;
import dev.gateway.server.control.ControlSocketPath;
import dev.gateway.server.control.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gateway ctl [--socket PATH] [--json] COMMAND [ARGS]}: one request to a running server's
 * control socket, its answer as text for people or, with {@code --json}, as the server sent it. Exit
 * status 0 when the server did it, 1 when it refused or could not be reached, 2 for a usage error.
 */
@Command(name = "gateway ctl", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Ask a running gateway server: show workers|stats|config|listeners, worker add [N]|remove [N]|kill ID,"
                + " reload, reopen, shutdown [graceful|quick].")
public final class CtlCommand {

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The server's control socket (default: as the server's control_socket default)")
    private String socket;

    @Option(names = "--json", description = "Print the server's answer as JSON, one line")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its words")
    private List<String> words;

    /** Runs {@code gateway ctl ARGS}; returns the exit status. */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CtlCommand ctl = new CtlCommand();
        CommandLine commandLine = new CommandLine(ctl);
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            if (ctl.help) {
                out.print(commandLine.getUsageMessage());
                return ExitCode.OK.code();
            }
            err.println("gateway ctl: error: " + e.getMessage().lines().findFirst().orElse(""));
            err.println("Try 'gateway ctl --help' for more information.");
            return ExitCode.USAGE.code();
        }
        if (ctl.help) {
            out.print(commandLine.getUsageMessage());
            return ExitCode.OK.code();
        }
        return ctl.send(environment, out, err);
    }

    private int send(Map<String, String> environment, PrintStream out, PrintStream err) {
        Path path = ControlSocketPath.resolve(socket != null ? socket : "", environment);
        if (path == null) {
            err.println("gateway ctl: error: the control socket is off");
            return ExitCode.USAGE.code();
        }
        ControlRequest request = new ControlRequest(words.get(0), words.subList(1, words.size()));
        Map<String, Object> answer;
        try {
            answer = ControlClient.send(path, request);
        } catch (IOException e) {
            err.println("gateway ctl: error: cannot reach a server at " + path + ": " + e.getMessage());
            return ExitCode.ERROR.code();
        }
        if (json) {
            out.println(Json.write(answer));
        } else if (Boolean.TRUE.equals(answer.get("ok"))) {
            CtlText.print(answer, out);
        }
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            err.println("gateway ctl: error: " + answer.get("error"));
            return ExitCode.ERROR.code();
        }
        return ExitCode.OK.code();
    }
}
