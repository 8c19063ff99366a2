package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/starter, copied to a folder of its own, builds and passes its tests offline ({@code mvn -o})
 * against the gateway artifacts as {@code mvn install} lays them out (this module's build puts them in
 * target/starter-repo). Its local repository holds those and, through links, what the outer build
 * already resolved (plugins, JUnit, Netty), and no other dev.gateway artifact: nothing is read from
 * or written to the gateway artifacts of ~/.m2.
 */
class StarterProjectTest {

    private static final String VERSION = Release.VERSION;

    @TempDir
    Path work;

    private final List<Path> links = new ArrayList<>();

    /** The links go first, so that removing the temporary folder never looks behind them. */
    @AfterEach
    void removeLinks() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    @Test
    // An offline Maven build of a small project with two test classes: about 20 s on two busy cores.
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theStarterBuildsAndPassesItsTestsAgainstTheInstalledArtifacts() throws Exception {
        assumeMaven();
        Path installed = Paths.get(System.getProperty("gateway.starter.repo", "target/starter-repo")).toAbsolutePath();
        for (String artifact : List.of("gateway-spi", "gateway-server", "gateway-servlet")) {
            for (String suffix : List.of(".jar", ".pom", "-sources.jar", "-javadoc.jar")) {
                Path file = installed.resolve("dev/gateway/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + suffix);
                assertTrue(Files.isRegularFile(file), "installed: " + file);
            }
        }
        assertTrue(Files.isRegularFile(installed.resolve("dev/gateway/gateway-bom/" + VERSION + "/gateway-bom-" + VERSION + ".pom")));

        Path repository = localRepository(installed);
        Path project = copyStarter(work.resolve("starter"));
        Command build = Command.run(List.of("mvn", "-o", "-B", "-q", "-Dstyle.color=never",
                        "-Dmaven.repo.local=" + repository, "verify"), project,
                Map.of("JAVA_HOME", System.getProperty("java.home"), "MAVEN_OPTS", "-Djansi.noreset=true"),
                Duration.ofMinutes(3));
        assertTrue(build.status() == 0, "mvn -o verify of the starter:\n" + build.output());

        assertTrue(Files.isRegularFile(project.resolve("target/starter-1.0.0.jar")), "the application's jar");
        for (String test : List.of("com.example.AppTest", "com.example.AppOverHttpTest")) {
            Path report = project.resolve("target/surefire-reports/TEST-" + test + ".xml");
            assertTrue(Files.isRegularFile(report), "ran " + test);
            String xml = Files.readString(report);
            assertFalse(xml.contains("tests=\"0\""), xml);
            assertTrue(xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);
        }
    }

    /**
     * A local repository of links to the outer build's, except dev/gateway: that comes from the
     * installed artifacts alone, so the starter cannot pick up a gateway build from ~/.m2.
     */
    private Path localRepository(Path installed) throws IOException {
        Path outer = Paths.get(System.getProperty("gateway.maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        assertTrue(Files.isDirectory(outer), "the build's local repository " + outer);
        Path repository = Files.createDirectories(work.resolve("repository"));
        linkAllBut(outer, repository, "dev");
        Path dev = Files.createDirectories(repository.resolve("dev"));
        if (Files.isDirectory(outer.resolve("dev"))) {
            linkAllBut(outer.resolve("dev"), dev, "gateway");
        }
        copyTree(installed.resolve("dev/gateway"), dev.resolve("gateway"));
        return repository;
    }

    private void linkAllBut(Path from, Path to, String except) throws IOException {
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(except)) {
                    links.add(Files.createSymbolicLink(to.resolve(child.getFileName().toString()), child));
                }
            }
        }
    }

    private static Path copyStarter(Path target) throws IOException {
        Path starter = Paths.get(System.getProperty("gateway.project.dir", "..")).toAbsolutePath().normalize()
                .resolve("examples/starter");
        assertTrue(Files.isRegularFile(starter.resolve("pom.xml")), "examples/starter/pom.xml");
        copyTree(starter, target);
        return target;
    }

    /** Copies a tree, leaving out a target/ folder a developer's own build of it left behind. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path relative = from.relativize(path);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path destination = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Maven is what the README's test command needs, so CI has it; elsewhere its absence skips. */
    private static void assumeMaven() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            found |= !dir.isEmpty() && Files.isExecutable(Paths.get(dir, "mvn"));
        }
        if (!found) {
            assertFalse("true".equals(System.getenv("CI")), "CI must build the starter, but mvn is not on PATH");
            assumeTrue(false, "mvn is not on PATH");
        }
    }
}
