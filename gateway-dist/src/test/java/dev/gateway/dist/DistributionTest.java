package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into a folder outside the checkout, with neither
 * java nor mvn on {@code PATH}, {@code bin/gateway} finds a JDK by itself and serves an application
 * compiled against the archive's SPI jar; {@code java -jar lib/gateway-server-VERSION.jar} serves too.
 */
class DistributionTest {

    /** What bin/gateway runs besides the JVM: a PATH of these alone has no java and no mvn. */
    private static final List<String> LAUNCHER_TOOLS = List.of("head", "sed", "readlink", "find", "env");

    @TempDir
    static Path unpacked;

    static Path home;
    static Path app;

    @BeforeAll
    static void unpack() throws Exception {
        home = Release.unpack(unpacked);
        app = Release.appJar(Release.spiJar(home), unpacked);
    }

    /** The tool links go first, so that removing the temporary folder never looks behind them. */
    @AfterAll
    static void removeToolLinks() throws IOException {
        for (String tool : LAUNCHER_TOOLS) {
            Files.deleteIfExists(unpacked.resolve("tools").resolve(tool));
        }
    }

    @Test
    void theArchiveHoldsWhatUsersExpect() throws IOException {
        for (String file : List.of("bin/gateway", "bin/gateway-train", "conf/logback.xml", "conf/gateway.properties", "LICENSE",
                "README.md", "docs/deployment.md", "docs/settings.md")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/gateway")), "bin/gateway is executable");
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(path -> path.getFileName().toString()).sorted().toList();
        }
        // Netty module by module, no aggregate, no test framework at run time.
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("netty-all") || jar.startsWith("junit")), jars.toString());
        assertTrue(jars.contains("netty-transport-native-epoll-4.2.18.Final-linux-x86_64.jar"), jars.toString());
        try (JarFile server = new JarFile(Release.serverJar(home).toFile())) {
            String classPath = server.getManifest().getMainAttributes().getValue("Class-Path");
            for (String entry : classPath.split(" ")) {
                assertTrue(jars.contains(entry), "the manifest's Class-Path entry " + entry + " is in lib/");
            }
        }
    }

    @Test
    void binGatewayServesWithNoJavaNorMavenOnThePath() throws Exception {
        Path tools = Files.createDirectories(unpacked.resolve("tools"));
        for (String tool : LAUNCHER_TOOLS) {
            Path link = tools.resolve(tool);
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, which(tool));
            }
        }
        Map<String, String> environment = Map.of("PATH", tools.toString(), "HOME", unpacked.toString());
        Path elsewhere = Files.createDirectories(unpacked.resolve("elsewhere"));
        List<String> command = List.of(home.resolve("bin/gateway").toString(),
                "-c", home.resolve("conf/gateway.properties").toString(),
                "--bind", "127.0.0.1:0", "--classpath", app.toString(), Release.APP_CLASS);
        try (ServerProcess server = ServerProcess.start(command, elsewhere, environment, unpacked.resolve("bin-gateway.log"))) {
            URI base = server.awaitListening(Duration.ofSeconds(60));
            ServerProcess.getConcurrently(base.resolve("/hello"), 8, Release.APP_BODY);
            // The example config file's readiness path, and its virtual workers, are in force.
            ServerProcess.getConcurrently(base.resolve("/-/ready"), 2, "ready\n");
            assertTrue(server.output().contains("Using worker: virtual"), server.output());
            server.stopGracefully(Duration.ofSeconds(60));
        }
    }

    @Test
    void javaDashJarServesThroughTheManifestClassPathWithProcessWorkers() throws Exception {
        List<String> command = new ArrayList<>(List.of(Release.java().toString(), "-jar", Release.serverJar(home).toString(),
                "--bind", "127.0.0.1:0", "--worker-class", "process", "--workers", "2", "--threads", "4",
                "--classpath", app.toString(), Release.APP_CLASS));
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "HOME", unpacked.toString());
        try (ServerProcess server = ServerProcess.start(command, unpacked, environment, unpacked.resolve("java-jar.log"))) {
            URI base = server.awaitListening(Duration.ofSeconds(60));
            ServerProcess.getConcurrently(base.resolve("/"), 8, Release.APP_BODY);
            server.stopGracefully(Duration.ofSeconds(60));
            assertFalse(server.output().contains("Exception"), server.output());
            // Process workers (started with -cp, no manifest) get native access from the master's flags.
            assertFalse(server.output().contains("restricted method"), server.output());
        }
    }

    /**
     * bin/gateway-train writes the class-data sharing archive bin/gateway maps: after unpacking, the first
     * start need not be the slow one that writes it. The next start maps it (the JVM's own messages
     * about the archive are off, so its memory map tells).
     */
    @Test
    void binGatewayTrainWritesTheArchiveTheLauncherMaps() throws Exception {
        Path archive = unpacked.resolve("trained/gateway.jsa");
        Files.createDirectories(archive.getParent());
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "HOME", unpacked.toString(),
                "GATEWAY_CDS_ARCHIVE", archive.toString());
        Command train = Command.run(List.of(home.resolve("bin/gateway-train").toString()), unpacked, environment,
                Duration.ofSeconds(120));
        assertEquals(0, train.status(), train.output());
        assertTrue(train.output().contains("451 responses served"), train.output());
        assertTrue(Files.size(archive) > 1_000_000, "the archive holds the server's classes: " + Files.size(archive) + " bytes");

        List<String> command = List.of(home.resolve("bin/gateway").toString(), "--bind", "127.0.0.1:0",
                "--classpath", app.toString(), Release.APP_CLASS);
        try (ServerProcess server = ServerProcess.start(command, unpacked, environment, unpacked.resolve("trained.log"))) {
            URI base = server.awaitListening(Duration.ofSeconds(60));
            ServerProcess.getConcurrently(base.resolve("/"), 2, Release.APP_BODY);
            String maps = Files.readString(Path.of("/proc", String.valueOf(server.pid()), "maps"));
            assertTrue(maps.contains(archive.toString()), archive + " is mapped:\n" + maps);
            server.stopGracefully(Duration.ofSeconds(60));
        }
    }

    /**
     * A script's {@code bin/gateway ... &} starts the server with INT ignored, {@code nohup} with HUP
     * ignored. The launcher gives both their default action back before the JVM starts (the server
     * would do it itself, at a cost in start-up): the JVM finds neither ignored, and SIGINT stops it.
     */
    @Test
    void binGatewayStartedWithIntAndHupIgnoredHandsThemToTheServerRestored() throws Exception {
        List<String> command = List.of("sh", "-c", "trap '' INT HUP; exec \"$0\" \"$@\"", home.resolve("bin/gateway").toString(),
                "--bind", "127.0.0.1:0", "--classpath", app.toString(), Release.APP_CLASS);
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "HOME", unpacked.toString());
        try (ServerProcess server = ServerProcess.start(command, unpacked, environment, unpacked.resolve("ignored-signals.log"))) {
            URI base = server.awaitListening(Duration.ofSeconds(60));
            ServerProcess.getConcurrently(base.resolve("/"), 2, Release.APP_BODY);
            long hupAndInt = 1L << (1 - 1) | 1L << (2 - 1); // SigIgn's bit n-1 stands for signal n
            assertEquals(0, server.ignoredSignals() & hupAndInt, "SigIgn " + Long.toHexString(server.ignoredSignals()));
            assertFalse(server.output().contains("was ignored when the server started"), server.output());
            server.signal("INT");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server.output());
            assertTrue(server.output().contains("Handling signal: int"), server.output());
        }
    }

    private static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Paths.get(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no " + tool + " on this machine");
    }
}
