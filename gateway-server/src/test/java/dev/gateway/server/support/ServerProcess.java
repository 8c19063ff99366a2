package dev.gateway.server.support;

import dev.gateway.server.log.DefaultLogConfiguration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server in a child JVM ({@code dev.gateway.server.Main}, the test JVM's java and class
 * path), for tests that send signals. {@link #close()} kills it and every process it started; use it
 * in try-with-resources so that happens even when the test fails.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://127\\.0\\.0\\.1:(\\d+)");

    /**
     * The server's own log configuration (lifecycle lines included), not the quieter one of the tests:
     * the shipped file, named as the distribution's launcher names its copy, which the server then
     * builds in code.
     */
    public static final String MAIN_LOG_CONFIG = "-Dlogback.configurationFile=" + shippedLogConfig();

    private static String shippedLogConfig() {
        try {
            return Path.of(DefaultLogConfiguration.class.getResource(DefaultLogConfiguration.SHIPPED).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private volatile int port;

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLog, "server-log-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code gateway ARGS} bound to 127.0.0.1:0 and waits until it listens. */
    public static ServerProcess start(Map<String, String> environment, String... args) throws IOException {
        return awaitListening(launch(environment, args));
    }

    /**
     * As {@link #start}, with {@code SIG<signal>} ignored when the JVM starts, as a shell script's
     * {@code gateway ... &} starts it with INT ignored: {@code sh -c 'trap "" SIGNAL; exec java ...'},
     * so the PID is still the server's.
     */
    public static ServerProcess startIgnoring(String signal, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' " + signal + "; exec \"$0\" \"$@\""));
        command.addAll(command(args));
        return awaitListening(launch(command, environment));
    }

    private static ServerProcess awaitListening(ServerProcess server) throws IOException {
        try {
            server.await("listening", Duration.ofSeconds(30), () -> server.port > 0 || !server.process.isAlive());
            if (server.port == 0) {
                throw new IOException("the server did not start:\n" + server.log());
            }
        } catch (IOException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts {@code gateway -b 127.0.0.1:0 ARGS} without waiting for anything: for servers that must
     * fail to start, or whose start the test watches itself.
     */
    public static ServerProcess launch(Map<String, String> environment, String... args) throws IOException {
        return launch(command(args), environment);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", MAIN_LOG_CONFIG,
                "-cp", System.getProperty("java.class.path"), "dev.gateway.server.Main", "-b", "127.0.0.1:0"));
        command.addAll(List.of(args));
        return command;
    }

    private static ServerProcess launch(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    private void readLog() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                log.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (port == 0 && m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** True while the server runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the server logged so far. */
    public String log() {
        return log.toString();
    }

    /** Sends {@code SIG<name>} to the master. */
    public void signal(String name) throws IOException, InterruptedException {
        signal(process.pid(), name);
    }

    /** Sends {@code SIG<name>} to any process. */
    public static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid + " failed");
        }
    }

    /** Waits until the log contains {@code text} {@code times} times. */
    public void awaitLog(String text, int times, Duration timeout) {
        await("'" + text + "' x" + times, timeout, () -> count(text) >= times);
    }

    /** How often the log contains {@code text}. */
    public int count(String text) {
        String all = log();
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** The worker JVMs alive now (process worker class). */
    public List<ProcessHandle> workerProcesses() {
        return process.toHandle().children().filter(ProcessHandle::isAlive).toList();
    }

    /** Waits for the exit; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** Waits until {@code condition} holds ({@link Await}); fails with the log after {@code timeout} (a hang guard). */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(timeout, what, condition::getAsBoolean, () -> "server log:\n" + log());
    }

    /** Kills the server and every process it started. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle child : descendants) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // best effort: they were sent SIGKILL
        }
    }
}
