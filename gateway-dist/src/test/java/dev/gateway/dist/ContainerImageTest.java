package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as docs/deployment.md (section 9) builds and uses it: image/build.sh makes
 * gateway:VERSION from the release archive, a two-line Containerfile adds an application, and the
 * container serves on a loopback port, with the class-data sharing archive in use, and stops
 * gracefully on SIGTERM. The test's containers and images are removed whatever happens.
 *
 * <p>Runs where podman can run a container; CI (CI=true) installs podman and runc and must run it.
 */
class ContainerImageTest {

    /** How podman runs containers on these machines: runc (the default runtime fails on hybrid cgroups). */
    private static final List<String> RUN_FLAGS = List.of("--runtime", "runc",
            "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--network", "host");

    @TempDir
    Path work;

    private final String name = "gateway-test-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    private final String image = "localhost/" + name + ":" + Release.VERSION;
    private final String appImage = "localhost/" + name + "-app:1";
    private final String container = name + "-run";

    @Test
    // Building the runtime, the image and its class-data archive (a training run in a container)
    // takes about 50 s on two busy cores, beyond the default bound.
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theImageServesAnApplicationAddedInTwoLinesAndStopsOnSigterm() throws Exception {
        assumePodmanRuns();
        try {
            buildImage();
            checkImageConfiguration();
            buildApplicationImage();
            int port = freeLoopbackPort();
            Command.run(runCommand(port), Duration.ofSeconds(60)).succeeded("podman run");
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitServing(base, Duration.ofSeconds(60));
            ServerProcess.getConcurrently(base.resolve("/in-a-container"), 8, Release.APP_BODY);

            // podman stop sends the image's STOPSIGNAL (SIGTERM) and waits up to -t seconds before SIGKILL.
            Command.run(List.of("podman", "stop", "-t", "60", container), Duration.ofSeconds(90)).succeeded("podman stop");
            String exitCode = Command.run(List.of("podman", "inspect", "-f", "{{.State.ExitCode}}", container),
                    Duration.ofSeconds(30)).succeeded("podman inspect").output().strip();
            String logs = logs();
            assertEquals("0", exitCode, logs);
            assertTrue(logs.contains("Handling signal: term"), logs);
            assertTrue(logs.contains("Shutting down: Master"), logs);
            // -Xshare:on makes the JVM refuse to start without its class-data archives; no CDS complaint either.
            assertFalse(logs.contains("[cds]") || logs.contains("[aot]"), logs);
        } finally {
            removeAll();
        }
    }

    private void buildImage() throws IOException, InterruptedException {
        Path script = projectDir().resolve("image/build.sh");
        Command built = Command.run(List.of(script.toString(), Release.archive().toString()), projectDir(),
                Map.of("IMAGE_NAME", name, "JDK_HOME", System.getProperty("java.home")), Duration.ofMinutes(4))
                .succeeded("image/build.sh");
        assertTrue(built.output().contains(image), built.output());
    }

    private void checkImageConfiguration() throws IOException, InterruptedException {
        String config = Command.run(List.of("podman", "image", "inspect", "-f",
                "{{.Config.User}} {{.Config.StopSignal}} {{range $p, $v := .Config.ExposedPorts}}{{$p}}{{end}}", image),
                Duration.ofSeconds(30)).succeeded("podman image inspect").output().strip();
        assertEquals("10001:10001 SIGTERM 8000/tcp", config);
    }

    /** The documented way to add an application: FROM the image, COPY the jar to /app/. */
    private void buildApplicationImage() throws IOException, InterruptedException {
        Path home = Release.unpack(Files.createDirectories(work.resolve("release")));
        Path context = Files.createDirectories(work.resolve("app-image"));
        Release.appJar(Release.spiJar(home), context);
        Files.writeString(context.resolve("Containerfile"), "FROM " + image + "\nCOPY app.jar /app/\n");
        Command.run(List.of("podman", "build", "-q", "-t", appImage, context.toString()), Duration.ofMinutes(2))
                .succeeded("podman build of the application image");
    }

    private static void awaitServing(URI base, Duration within) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The JVM in the container is still starting.
            }
            Thread.sleep(100);
        }
        fail("the container did not serve " + base + " within " + within);
    }

    /** podman run of the application image on a loopback port; the arguments after the image are the server's. */
    private List<String> runCommand(int port) {
        List<String> command = new ArrayList<>(List.of("podman", "run", "-d", "--name", container));
        command.addAll(RUN_FLAGS);
        command.addAll(List.of("-e", "JAVA_TOOL_OPTIONS=-Xshare:on", appImage,
                "--bind", "127.0.0.1:" + port, "--workers", "2", "--threads", "4", Release.APP_CLASS));
        return command;
    }

    private String logs() throws IOException, InterruptedException {
        return Command.run(List.of("podman", "logs", container), Duration.ofSeconds(30)).output();
    }

    /** Also what image/build.sh removes itself, in case it was killed before its clean-up ran. */
    private void removeAll() throws IOException, InterruptedException {
        for (String leftover : List.of(container, name + "-train-" + Release.VERSION)) {
            Command.run(List.of("podman", "rm", "-f", "--ignore", leftover), Duration.ofSeconds(60));
        }
        for (String leftover : List.of(appImage, image, "localhost/" + name + "-base:" + Release.VERSION)) {
            if (Command.run(List.of("podman", "image", "exists", leftover), Duration.ofSeconds(30)).status() == 0) {
                Command.run(List.of("podman", "rmi", "-f", leftover), Duration.ofSeconds(60));
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path projectDir() {
        return Paths.get(System.getProperty("gateway.project.dir", "..")).toAbsolutePath().normalize();
    }

    /** Skips, saying why, where containers cannot run; under CI=true that is a failure instead. */
    private void assumePodmanRuns() throws IOException, InterruptedException {
        boolean ci = "true".equals(System.getenv("CI"));
        String reason = null;
        if (!onPath("podman") || !Files.isExecutable(Paths.get("/usr/sbin/runc")) && !onPath("runc")) {
            reason = "podman or runc is not installed";
        } else {
            Command info = Command.run(List.of("podman", "info", "--format", "{{.Host.OCIRuntime.Name}}"), Duration.ofSeconds(60));
            if (info.status() != 0) {
                reason = "podman cannot run here: " + info.output();
            }
        }
        if (reason != null) {
            assertFalse(ci, "CI must run the container test, but " + reason);
            assumeTrue(false, reason);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
