package dev.gateway.examples.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.examples.CliServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jersey example from the command line, as docs/servlet.md's block says: its {@code bin/gateway}
 * line runs as written (on a free port), with the class path file the block's {@code mvn} line writes
 * made here from this JVM's runtime class path, and its {@code curl} request sent, concurrently.
 */
@Timeout(120)
class JerseyFromCliTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));

    @TempDir
    Path dir;

    @Test
    void theDocumentedCommandServesTheApi() throws Exception {
        String command = documentedCommand();
        Path cp = dir.resolve("cp.txt");
        Files.writeString(cp, runtimeClassPath());
        String run = command.replace("/tmp/cp.txt", cp.toString()).replaceFirst("^bin/gateway ", "bin/gateway -b 127.0.0.1:0 ");
        Process server = new ProcessBuilder("sh", "-c", "exec " + run)
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        try {
            URI todos = URI.create(CliServer.awaitListening(server) + "/api/todos");
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> created = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                created.add(client.sendAsync(HttpRequest.newBuilder(todos).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"buy milk\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : created) {
                assertEquals(201, response.get().statusCode(), response.get().body());
                assertTrue(response.get().body().matches("\\{\"id\":\\d+,\"title\":\"buy milk\",\"done\":false}"),
                        response.get().body());
            }
        } finally {
            CliServer.stop(server);
        }
    }

    /** The block's bin/gateway line, which names the Jersey example's curl request below it. */
    private static String documentedCommand() throws Exception {
        String doc = Files.readString(PROJECT.resolve("docs/servlet.md"));
        Matcher block = Pattern.compile("```sh\\n(mvn [^\\n]*\\n(bin/gateway [^\\n]*)\\ncurl [^\\n]*/api/todos\\n)```").matcher(doc);
        assertTrue(block.find(), "docs/servlet.md has no Jersey block");
        return block.group(2);
    }

    /**
     * What {@code dependency:build-classpath -Dmdep.includeScope=runtime} prints: the dependencies,
     * without the test ones (the reactor's modules are their class folders in a build that did not package).
     */
    private static String runtimeClassPath() {
        String own = PROJECT.resolve("examples/target/classes").toAbsolutePath().normalize().toString();
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") || entry.endsWith("/target/classes"))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().toString().equals(own))
                .filter(entry -> !entry.contains("/org/junit/") && !entry.contains("/opentest4j/") && !entry.contains("/apiguardian/"))
                .toList());
    }
}
