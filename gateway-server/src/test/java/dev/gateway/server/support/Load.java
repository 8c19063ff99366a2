package dev.gateway.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady load: {@code clients} threads sending GET requests in a loop until {@link #stop()}. Counts
 * successes (200) and failures (anything else, with the first few causes kept), and collects the
 * distinct response bodies (test apps answer with who served them).
 */
public final class Load {

    private final URI uri;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private Load(URI uri) {
        this.uri = uri;
    }

    /** Starts {@code clients} looping clients, each with its own HttpClient (its own connections). */
    public static Load start(URI uri, int clients) {
        Load load = new Load(uri);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(load::loop, "load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void loop() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
            while (running) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        ok.incrementAndGet();
                        bodies.add(response.body().trim());
                    } else {
                        fail("status " + response.statusCode() + ": " + response.body());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    fail(e.toString());
                }
            }
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < 5) {
                failures.add(why);
            }
        }
    }

    /** Stops the clients and waits for their last requests. */
    public Load stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        return this;
    }

    public int ok() {
        return ok.get();
    }

    public int failed() {
        return failed.get();
    }

    /** The first few failures, for assertion messages. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** The distinct response bodies seen. */
    public Set<String> bodies() {
        return Set.copyOf(bodies);
    }
}
