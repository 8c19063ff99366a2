package dev.gateway.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.Main;
import dev.gateway.server.config.Settings;
import dev.gateway.testapps.Hello;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process: exit codes, one-line errors, --print-config and --check-config (no server is started). */
class MainTest {

    private static final String HELLO = Hello.class.getName();

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
        String errFirstLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static String line(String output, String name) {
        return output.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void checkConfigLoadsTheAppAndExitsZero() {
        Run run = run("--check-config", HELLO);
        assertEquals(ExitCode.OK.code(), run.status(), run.err());
        assertEquals("gateway: configuration OK, application " + HELLO + " loaded\n", run.out());
    }

    @Test
    void checkConfigFailsWithTheLoadErrorsCode() {
        Run run = run("--check-config", "com.x.App");
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), run.status());
        assertEquals("gateway: error: cannot load application: class com.x.App not found on classpath []"
                + " (no --classpath given; searched the server's own class path)\n", run.err());
    }

    @Test
    void aMissingWarFailsWithTheLoadErrorsCode() {
        Run run = run("--check-config", "--war", dir.resolve("none.war").toString());
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), run.status());
        assertEquals("gateway: error: cannot load application: no WAR file or web application folder at "
                + dir.resolve("none.war") + "\n", run.err());
    }

    @Test
    void checkConfigFailsWithTheConfigErrorsCode() throws Exception {
        Path file = dir.resolve("gw.properties");
        Files.write(file, List.of("wrokers = 2"));
        Run run = run("--check-config", "-c", file.toString(), HELLO);
        assertEquals(ExitCode.CONFIG_ERROR.code(), run.status());
        assertEquals("gateway: error: unknown setting 'wrokers' in config file " + file + "; did you mean 'workers'?\n", run.err());
    }

    @Test
    void checkConfigRefusesWhatCannotBindInOneLineWithTheStartsExitCode() throws Exception {
        Run unknown = run("--check-config", "-b", "no-such-host.invalid:8000", HELLO);
        assertEquals(ExitCode.ERROR.code(), unknown.status());
        assertEquals("gateway: error: cannot bind no-such-host.invalid:8000: unknown host\n", unknown.err());
        Run tooBig = run("--check-config", "-b", "127.0.0.1:65536", HELLO);
        assertEquals(ExitCode.CONFIG_ERROR.code(), tooBig.status());
        assertEquals(1, tooBig.err().lines().count(), tooBig.err());
        assertTrue(tooBig.err().contains("'127.0.0.1:65536' has no valid port (0-65535)"), tooBig.err());
        // 18096 is a host (0.0.70.176), as in Gunicorn: not this machine's, unless it binds any address.
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip().equals("0"));
        Run bareNumber = run("--check-config", "-b", "18096", HELLO);
        assertEquals(ExitCode.ERROR.code(), bareNumber.status());
        assertEquals("gateway: error: cannot bind 18096:8000: Cannot assign requested address ('18096' is a host, as in "
                + "Gunicorn; for port 18096 write 127.0.0.1:18096 or 0.0.0.0:18096)\n", bareNumber.err());
    }

    @Test
    void checkConfigPassesAPortInUse() throws Exception {
        try (java.net.ServerSocket holder = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run = run("--check-config", "-b", "127.0.0.1:" + holder.getLocalPort(), "-b", "tcp://localhost:0", HELLO);
            assertEquals(ExitCode.OK.code(), run.status(), run.err());
        }
    }

    @Test
    void printConfigShowsEveryValueAndItsSource() throws Exception {
        Path file = dir.resolve("gw.properties");
        Files.write(file, List.of("threads = 2", "wsgi_app = " + HELLO));
        Run run = run(Map.of("PORT", "9000", "GATEWAY_CMD_ARGS", "--timeout 5 -w 2"),
                "--print-config", "-c", file.toString(), "-w", "3");
        assertEquals(ExitCode.OK.code(), run.status(), run.err());
        assertEquals(Settings.ALL.size(), run.out().lines().count());
        assertTrue(line(run.out(), "workers").matches("workers += 3 +\\(command line\\)"), line(run.out(), "workers"));
        assertTrue(line(run.out(), "timeout").matches("timeout += 5 +\\(GATEWAY_CMD_ARGS\\)"), line(run.out(), "timeout"));
        assertTrue(line(run.out(), "threads").matches("threads += 2 +\\(config file\\)"), line(run.out(), "threads"));
        assertTrue(line(run.out(), "bind").matches("bind += 0\\.0\\.0\\.0:9000 +\\(environment default\\)"), line(run.out(), "bind"));
        assertTrue(line(run.out(), "backlog").matches("backlog += 2048 +\\(default\\)"), line(run.out(), "backlog"));
        assertTrue(line(run.out(), "wsgi_app").contains(HELLO), line(run.out(), "wsgi_app"));
    }

    @Test
    void printConfigShowsANoFormAsTheCommandLine() throws Exception {
        Path file = dir.resolve("gw.properties");
        Files.write(file, List.of("require_host = true", "reuse_port = true"));
        Run run = run(Map.of("GATEWAY_CMD_ARGS", "--require-host --no-reuse-port"),
                "--print-config", "-c", file.toString(), "--no-require-host");
        assertEquals(ExitCode.OK.code(), run.status(), run.err());
        assertTrue(line(run.out(), "require_host").matches("require_host += false +\\(command line\\)"),
                line(run.out(), "require_host"));
        assertTrue(line(run.out(), "reuse_port").matches("reuse_port += false +\\(GATEWAY_CMD_ARGS\\)"),
                line(run.out(), "reuse_port"));
    }

    @Test
    void printConfigWithCheckConfigAlsoLoadsTheApp() {
        Run run = run("--print-config", "--check-config", "com.x.App");
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), run.status());
        assertTrue(run.out().contains("wsgi_app"));
    }

    @Test
    void appFromTheConfigFileAndClasspathRelativeToChdir() throws Exception {
        Path file = dir.resolve("gw.properties");
        Files.write(file, List.of("wsgi_app = com.x.App", "classpath = lib/*"));
        Run run = run("--check-config", "-c", file.toString(), "--chdir", dir.toString());
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), run.status());
        assertEquals("gateway: error: cannot load application: class com.x.App not found on classpath ["
                + dir.resolve("lib/*") + " (no jars)]", run.errFirstLine());
    }

    @Test
    void appFromGatewayCmdArgsLosesToTheCommandLine() {
        Run fromEnvironment = run(Map.of("GATEWAY_CMD_ARGS", "--check-config " + HELLO));
        assertEquals(ExitCode.OK.code(), fromEnvironment.status(), fromEnvironment.err());
        Run overridden = run(Map.of("GATEWAY_CMD_ARGS", "--check-config " + HELLO), "com.x.App");
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), overridden.status());
    }

    @Test
    void usageErrorsExitTwo() {
        Run unknown = run("--wokers", "2", HELLO);
        assertEquals(ExitCode.USAGE.code(), unknown.status());
        assertTrue(unknown.errFirstLine().startsWith("gateway: error: Unknown option"), unknown.err());
        assertTrue(unknown.errFirstLine().endsWith("(did you mean --workers?)"), unknown.err());

        Run noApp = run("-w", "2");
        assertEquals(ExitCode.USAGE.code(), noApp.status());
        assertEquals("gateway: error: no application: give APP on the command line, --war, or wsgi_app in the config file",
                noApp.errFirstLine());

        Run both = run("--war", "shop.war", HELLO);
        assertEquals(ExitCode.USAGE.code(), both.status());
        assertEquals("gateway: error: give APP or --war, not both", both.errFirstLine());

        Run badEnvironment = run(Map.of("GATEWAY_CMD_ARGS", "--nope"), HELLO);
        assertEquals(ExitCode.USAGE.code(), badEnvironment.status());
        assertTrue(badEnvironment.errFirstLine().startsWith("gateway: error: in GATEWAY_CMD_ARGS: Unknown option"),
                badEnvironment.err());
    }

    @Test
    void badValuesExitWithTheConfigErrorCode() {
        Run run = run("--workers", "0", HELLO);
        assertEquals(ExitCode.CONFIG_ERROR.code(), run.status());
        assertEquals("gateway: error: invalid value for --workers: '0' must be at least 1\n", run.err());

        Run fromEnvironment = run(Map.of("GATEWAY_CMD_ARGS", "-k gevent"), HELLO);
        assertEquals(ExitCode.CONFIG_ERROR.code(), fromEnvironment.status());
        assertEquals("gateway: error: invalid value for --worker-class: 'gevent' is not one of thread, virtual, process\n",
                fromEnvironment.err());
    }

    @Test
    void anApplicationThatFailsToLoadPrintsItsTracebackUnderTheOneLineSummary() {
        // As Gunicorn prints the traceback of an app that fails to import, at any log level.
        String failing = "dev.gateway.server.app.FixtureApps:failing";
        Run run = run("--check-config", failing);
        assertEquals(ExitCode.APP_LOAD_ERROR.code(), run.status());
        assertEquals("gateway: error: cannot load application: " + failing
                + "() failed: java.lang.IllegalStateException: database is down", run.errFirstLine());
        assertTrue(run.err().contains("\tat dev.gateway.server.app.FixtureApps.failing"), run.err());

        Run missing = run("--check-config", "com.x.Missing");
        assertEquals(1, missing.err().lines().count(), "a class that is not there is one line: " + missing.err());
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("--help");
        assertEquals(ExitCode.OK.code(), help.status());
        assertTrue(help.out().startsWith("Usage: gateway [OPTIONS] [APP]"), help.out());
        Run version = run("--version");
        assertEquals(ExitCode.OK.code(), version.status());
        assertTrue(version.out().startsWith("gateway "));
        assertFalse(version.out().contains("\n\n"));
        assertEquals(version, run("-v"));
    }

    @Test
    void aGunicornFlagIsAUsageErrorOfOneLine() {
        Run run = run("-n", "myapp", HELLO);
        assertEquals(ExitCode.USAGE.code(), run.status());
        assertEquals("gateway: error: -n is a Gunicorn option gateway does not have: a JVM cannot set its process title, so "
                + "find the server by its -p/--pid file or run it as a systemd unit (see docs/coming-from-gunicorn.md)\n", run.err());
        Run inEnvironment = run(Map.of("GATEWAY_CMD_ARGS", "--worker-tmp-dir /dev/shm"), HELLO);
        assertEquals(ExitCode.USAGE.code(), inEnvironment.status());
        assertEquals(1, inEnvironment.err().lines().count(), inEnvironment.err());
        assertTrue(inEnvironment.err().startsWith("gateway: error: in GATEWAY_CMD_ARGS: --worker-tmp-dir is a Gunicorn option"),
                inEnvironment.err());
    }
}
