package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.cli.ShellWords;
import dev.gateway.server.config.Settings;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.InheritedSocketLauncher;
import dev.gateway.server.support.InheritedSocketLauncher.Launched;
import dev.gateway.testapps.Hello;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units of docs/deploy ({@code gateway.socket} and {@code gateway.service}), run the way
 * systemd runs them: the socket unit's {@code ListenStream=} is bound by a parent process that plays
 * systemd ({@link InheritedSocketLauncher}: descriptor 3, {@code LISTEN_PID}, {@code LISTEN_FDS}),
 * which runs the service's {@code ExecStart=} in its {@code WorkingDirectory=}, and, as systemd does
 * on a restart, keeps the socket open and starts it again when it exits. Substituted, because
 * a test cannot own /srv or /run: {@code /srv/gateway/bin/gateway} by the test JVM running
 * {@code dev.gateway.server.Main} (bin/gateway execs exactly that; its jar is not built yet when this
 * module's tests run), {@code /srv/app} by a temporary folder whose {@code lib/} holds the test
 * applications' jar, {@code com.example.App} by {@link Hello}, and the socket path. {@code User=} and
 * {@code Group=} are not applied.
 */
class SystemdUnitsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("gateway.project.dir", ".."), "docs/deploy");
    private static final String SERVER_SCRIPT = "/srv/gateway/bin/gateway";
    private static final String APP_HOME = "/srv/app";
    private static final String APP_CLASS = "com.example.App";

    @TempDir
    Path dir;

    @Test
    void theSocketAndTheServiceNameEachOther() throws IOException {
        UnitFile socket = UnitFile.read(DEPLOY.resolve("gateway.socket"));
        UnitFile service = UnitFile.read(DEPLOY.resolve("gateway.service"));
        // With Accept=no (the default) a socket activates the service of its own name, unless Service= says otherwise.
        assertEquals(List.of(), socket.values("Socket", "Service"), "gateway.socket must activate gateway.service");
        assertTrue(socket.values("Socket", "Accept").stream().allMatch(v -> v.equals("no") || v.equals("false")),
                "gateway takes the listening socket itself: Accept=no");
        assertTrue(service.words("Unit", "Requires").contains("gateway.socket"), "Requires=gateway.socket");
        assertTrue(service.words("Unit", "After").contains("gateway.socket"), "After=gateway.socket");
        assertEquals("SIGTERM", service.value("Service", "KillSignal"), "SIGTERM is gateway's graceful stop");
        assertEquals("notify", service.value("Service", "Type"), "gateway sends READY=1 (SystemdNotifyTest)");
        assertEquals("main", service.value("Service", "NotifyAccess"), "only the master notifies");
        assertTrue(Integer.parseInt(service.value("Service", "TimeoutStopSec")) > Settings.GRACEFUL_TIMEOUT.defaultValue(),
                "systemd must not kill a graceful stop that is within --graceful-timeout");
    }

    @Test
    void theDeploymentGuideShowsTheseFiles() throws IOException {
        String guide = Files.readString(DEPLOY.resolveSibling("deployment.md"));
        for (String unit : List.of("gateway.socket", "gateway.service")) {
            assertTrue(guide.contains("```ini\n" + Files.readString(DEPLOY.resolve(unit)) + "```"),
                    "docs/deployment.md must show docs/deploy/" + unit + " as it is");
        }
    }

    @Test
    void theServiceServesTheActivatedSocketReloadsAndRestartsWithoutRefusingAConnection() throws Exception {
        UnitFile socketUnit = UnitFile.read(DEPLOY.resolve("gateway.socket"));
        UnitFile service = UnitFile.read(DEPLOY.resolve("gateway.service"));
        assertTrue(socketUnit.value("Socket", "ListenStream").startsWith("/"), "a path: a Unix socket");
        Path socket = dir.resolve("gateway.sock");
        Path appHome = Files.createDirectories(dir.resolve("app"));
        Path workingDirectory = Path.of(service.value("Service", "WorkingDirectory").replace(APP_HOME, appHome.toString()));
        List<String> command = execStart(service.value("Service", "ExecStart"), appHome);

        // "restart": the launcher keeps the socket, like systemd, and starts the service a second time when it exits.
        Launched systemd = InheritedSocketLauncher.launch("unix", socket.toString(), "restart", command, workingDirectory);
        try {
            // systemd applies SocketMode= (and the owners) to the file before the service starts.
            Set<PosixFilePermission> mode = permissions(socketUnit.value("Socket", "SocketMode"));
            Files.setPosixFilePermissions(socket, mode);
            ProcessHandle first = systemd.service();
            assertAnswers(socket, systemd);

            List<String> reload = ShellWords.split(service.value("Service", "ExecReload")).stream()
                    .map(word -> word.equals("$MAINPID") ? Long.toString(first.pid()) : word).toList();
            Process kill = new ProcessBuilder(reload).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "ExecReload failed: " + reload);
            awaitLog(systemd, "Retiring worker of generation 0", 1); // the new generation is up
            assertAnswers(socket, systemd);

            // KillSignal=SIGTERM, then the restart: a connection made before the next gateway
            // accepts waits in the socket's queue (the kernel's) and is answered by it.
            first.destroy();
            first.onExit().get(30, TimeUnit.SECONDS);
            assertAnswers(socket, systemd);
            ProcessHandle second = systemd.service();
            assertNotEquals(first.pid(), second.pid());
            second.destroy();
            awaitLog(systemd, "launcher: service exited with status 0", 2); // SIGTERM is a graceful stop: status 0
            assertEquals(mode, Files.getPosixFilePermissions(socket), "gateway must leave systemd's socket file as it is");
        } finally {
            systemd.stop();
        }
        String log = systemd.output();
        assertEquals(2, count(log, "Socket activation: serving 1 listener(s) from systemd"), log);
        assertEquals(2, count(log, "Listening at: unix:" + socket), log);
        assertTrue(Files.exists(socket), "the socket file belongs to systemd, which keeps it across restarts");
    }

    /** ExecStart= with this test's server, application folder and application. */
    private List<String> execStart(String line, Path appHome) throws Exception {
        List<String> words = ShellWords.split(line);
        assertEquals(SERVER_SCRIPT, words.get(0), "ExecStart= runs " + SERVER_SCRIPT);
        assertTrue(words.contains(APP_CLASS), "ExecStart= names " + APP_CLASS);
        assertTrue(words.stream().noneMatch(word -> word.equals("-b") || word.startsWith("--bind")),
                "under socket activation gateway.socket is the listener: ExecStart= takes no --bind");
        Path testApps = Path.of(Hello.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        packInto(testApps, Files.createDirectories(appHome.resolve("lib")).resolve("test-apps.jar"));
        List<String> command = new ArrayList<>(serverJvmWithout(testApps));
        for (String word : words.subList(1, words.size())) {
            command.add(word.equals(APP_CLASS) ? Hello.class.getName() : word.replace(APP_HOME, appHome.toString()));
        }
        return command;
    }

    /** The server's JVM without the test applications on its class path: --classpath must bring them. */
    private static List<String> serverJvmWithout(Path testApps) {
        List<String> jvm = new ArrayList<>(InheritedSocketLauncher.serverJvm());
        int cp = jvm.indexOf("-cp") + 1;
        jvm.set(cp, Arrays.stream(jvm.get(cp).split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().equals(testApps.toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator)));
        return jvm;
    }

    /** Copies a jar, or packs a classes folder into one. */
    private static void packInto(Path classes, Path jar) throws IOException {
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar);
            return;
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void assertAnswers(Path socket, Launched server) throws IOException {
        String response = InheritedSocketLauncher.get(UnixDomainSocketAddress.of(socket), "/");
        assertTrue(response.startsWith("HTTP/1.1 200"), response + "\n" + server.output());
        assertTrue(response.endsWith("Hello, World!"), response);
    }

    private static void awaitLog(Launched server, String text, int times) {
        Await.until(Duration.ofSeconds(30), times + " x '" + text + "' in the log", () -> count(server.output(), text) >= times,
                server::output);
    }

    private static int count(String log, String text) {
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** SocketMode=0660 as permissions. */
    private static Set<PosixFilePermission> permissions(String octal) {
        int mode = Integer.parseInt(octal, 8);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** A systemd unit file: sections of {@code Key=value} lines; a key may repeat; # and ; start comments. */
    private record UnitFile(Path path, Map<String, Map<String, List<String>>> sections) {

        static UnitFile read(Path path) throws IOException {
            Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
            String section = null;
            for (String raw : Files.readAllLines(path)) {
                String line = raw.trim();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                assertTrue(!line.endsWith("\\"), path + ": continuation lines are not read here: " + line);
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                    sections.put(section, new LinkedHashMap<>());
                    continue;
                }
                int equals = line.indexOf('=');
                assertTrue(section != null && equals > 0, path + ": not a Key=value line in a section: " + line);
                sections.get(section).computeIfAbsent(line.substring(0, equals).trim(), key -> new ArrayList<>())
                        .add(line.substring(equals + 1).trim());
            }
            return new UnitFile(path, sections);
        }

        List<String> values(String section, String key) {
            return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        }

        /** The one value of {@code key}; fails when it is missing or repeated. */
        String value(String section, String key) {
            List<String> values = values(section, key);
            assertEquals(1, values.size(), path + ": [" + section + "] " + key + "= once");
            return values.get(0);
        }

        /** Every space-separated word of every {@code key=} line (After=, Requires=, ...). */
        List<String> words(String section, String key) {
            return values(section, key).stream().flatMap(v -> Arrays.stream(v.split("\\s+"))).toList();
        }
    }
}
