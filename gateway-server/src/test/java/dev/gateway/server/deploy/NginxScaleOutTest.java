package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.arbiter.apps.WhoAmI;
import dev.gateway.server.support.Load;
import dev.gateway.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out as docs/deployment.md section 4 describes it: two independent gateway instances on
 * {@code a.sock} and {@code b.sock}, nginx in front running docs/deploy/nginx-two-instances.conf.
 * The instances are child JVMs, not embedded servers, so that stopping one is what it is in
 * production: SIGTERM to a master, which closes its listener, removes its socket file, lets the
 * requests in flight finish and exits. The application ({@link WhoAmI}, thread workers) answers with
 * its process id, which names the instance. Skipped without nginx, except in CI (see {@link Nginx}).
 */
class NginxScaleOutTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private ServerProcess a;
    private ServerProcess b;
    private Nginx nginx;

    @BeforeEach
    void startTwoInstancesAndNginx() throws Exception {
        Nginx.assumeInstalled();
        a = instance("a.sock");
        b = instance("b.sock");
        nginx = Nginx.start("nginx-two-instances.conf", dir);
    }

    /** One gateway instance on DIR/NAME. (ServerProcess also binds a loopback port, unused here.) */
    private ServerProcess instance(String name) throws Exception {
        Path socket = dir.resolve(name);
        ServerProcess server = ServerProcess.start(Map.of(), "-b", "unix:" + socket, "-k", "thread", "--threads", "8",
                WhoAmI.class.getName());
        server.await(name + " to exist", Duration.ofSeconds(10), () -> Files.exists(socket));
        return server;
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            for (ServerProcess instance : new ServerProcess[] {a, b}) {
                if (instance != null) {
                    instance.close();
                }
            }
        }
    }

    @Test
    void theDeploymentGuideQuotesThisFile() throws Exception {
        Path docs = Path.of(System.getProperty("gateway.project.dir", ".."), "docs");
        String guide = Files.readString(docs.resolve("deployment.md"));
        int start = guide.indexOf("```nginx\n", guide.indexOf("## 4. Beyond one machine"));
        assertTrue(start > 0, "section 4 of docs/deployment.md quotes the configuration");
        String quote = guide.substring(start + "```nginx\n".length(), guide.indexOf("```", start + 3));
        Set<String> lines = Files.readAllLines(docs.resolve("deploy/nginx-two-instances.conf")).stream()
                .map(String::trim).collect(Collectors.toSet());
        for (String line : quote.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            assertTrue(lines.contains(line), "docs/deployment.md quotes a line nginx-two-instances.conf lacks: " + line);
        }
    }

    @Test
    void requestsAreSpreadOverBothInstances() throws Exception {
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = get("/");
            assertEquals(200, response.statusCode(), response.body());
            served.merge(pidOf(response), 1, Integer::sum);
        }
        assertEquals(Set.of(pid(a), pid(b)), served.keySet(), "instances that answered: " + served);
        for (Map.Entry<String, Integer> instance : served.entrySet()) {
            assertTrue(instance.getValue() >= 10, "round robin, yet one instance got few requests: " + served);
        }
    }

    @Test
    void stoppingOneInstanceLosesNoRequestAndTheOtherServesEverything() throws Exception {
        URI slowish = nginx.base().resolve("/?ms=50");
        Load load = Load.start(slowish, 8);
        try {
            a.await("both instances to serve", Duration.ofSeconds(20),
                    () -> load.ok() >= 100 && load.bodies().stream().map(NginxScaleOutTest::pidOfBody).distinct().count() == 2);
            a.signal("TERM");
            assertEquals(0, a.awaitExit(Duration.ofSeconds(30)), "a graceful stop exits 0:\n" + a.log());
            int atExit = load.ok() + load.failed();
            a.await("100 more requests after the stop", Duration.ofSeconds(20), () -> load.ok() + load.failed() >= atExit + 100);
        } finally {
            load.stop();
        }
        assertEquals(0, load.failed(), load.ok() + " answered, but failures: " + load.failures() + "\nnginx: " + nginx.errorLog());
        assertFalse(Files.exists(dir.resolve("a.sock")), "the stopped instance removes its socket file");
        // nginx did send requests to the stopped instance and passed them on: the retry path ran.
        assertTrue(nginx.errorLog().contains("a.sock"), "nginx never found a.sock failing:\n" + nginx.errorLog());

        Load after = Load.start(slowish, 8);
        try {
            b.await("100 requests to the remaining instance", Duration.ofSeconds(20), () -> after.ok() + after.failed() >= 100);
        } finally {
            after.stop();
        }
        assertEquals(0, after.failed(), "failures: " + after.failures());
        assertEquals(Set.of(pid(b)), after.bodies().stream().map(NginxScaleOutTest::pidOfBody).collect(Collectors.toSet()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(nginx.base().resolve(path)).timeout(Duration.ofSeconds(30)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String pid(ServerProcess instance) {
        return Long.toString(instance.pid());
    }

    /** WhoAmI answers {@code PID APP-INSTANCE}. */
    private static String pidOf(HttpResponse<String> response) {
        return pidOfBody(response.body());
    }

    private static String pidOfBody(String body) {
        return body.trim().split(" ")[0];
    }
}
