package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every command in the README and docs/deployment.md works as written. Shell blocks ({@code ```sh})
 * of docs/deployment.md run as they are and must succeed; the README's block holds the two quick
 * start commands: the server command runs until it answers on its port, and the test command is
 * the one running this test, so it is only checked to be the one .ci/run calls.
 */
class DocCommandsTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    private static List<String> shellBlocks(String file) throws IOException {
        Matcher m = SHELL_BLOCK.matcher(Files.readString(PROJECT.resolve(file)));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf("  #");
        return (hash < 0 ? line : line.substring(0, hash)).trim();
    }

    @Test
    void readmeQuickStartServesTheExampleAndItsTestCommandIsWhatCiRuns() throws Exception {
        List<String> blocks = shellBlocks("README.md");
        assertFalse(blocks.isEmpty(), "README has no sh block");
        List<String> commands = blocks.get(0).lines().map(DocCommandsTest::withoutComment).filter(l -> !l.isEmpty()).toList();
        assertEquals(2, commands.size(), "the README's first block holds exactly the two quick-start commands");
        String serve = commands.get(0);
        String test = commands.get(1);
        assertTrue(Files.readString(PROJECT.resolve(".ci/run")).lines().anyMatch(l -> l.trim().equals(test)),
                ".ci/run must call the README's test command: " + test);
        assertTrue(serve.startsWith("bin/gateway "), serve);
        Process server = new ProcessBuilder("bash", "-c", "exec " + serve)
                .directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertEquals(200, awaitOk(URI.create("http://127.0.0.1:8000/"), server));
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertEquals(0, server.exitValue(), "SIGTERM is a graceful stop with exit status 0");
    }

    // Longer than the default bound (2 min): each block of docs/deployment.md (six today, a few
    // seconds each) is given 60 s, and that guard, not the test's, should name a block that hangs.
    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void deploymentShellBlocksRun() throws Exception {
        List<String> blocks = shellBlocks("docs/deployment.md");
        assertFalse(blocks.isEmpty());
        for (String block : blocks) {
            Process shell = new ProcessBuilder("bash", "-e", "-c", block)
                    .directory(PROJECT.toFile()).redirectErrorStream(true).start();
            try {
                boolean done = shell.waitFor(60, TimeUnit.SECONDS);
                if (!done) {
                    // Its processes hold the output open: reading it first would wait for them forever.
                    shell.descendants().forEach(ProcessHandle::destroyForcibly);
                    shell.destroyForcibly();
                }
                String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(done, "block did not finish in 60 s:\n" + block + "\noutput:\n" + output);
                assertEquals(0, shell.exitValue(), "block failed:\n" + block + "\noutput:\n" + output);
            } finally {
                shell.descendants().forEach(ProcessHandle::destroyForcibly);
                shell.destroyForcibly();
            }
        }
    }

    private static int awaitOk(URI uri, Process server) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && server.isAlive()) {
            try {
                return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the README's server command did not answer on " + uri + " within 30 s");
    }
}
