package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.worker.HttpContexts;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * How many event loops a server starts when {@code io_threads} is 0: half the cores for HTTP/1.x, all
 * of them when HTTP/2 may be spoken (h2c here) or the application declares itself non-blocking, and
 * exactly the setting otherwise.
 */
class IoThreadsTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void halfTheCoresForHttp1() {
        assertEquals(Math.max(1, CORES / 2), loops(Config.defaults(), 0));
    }

    @Test
    void everyCoreWhenHttp2IsOn() {
        for (String cleartext : new String[] {"prior-knowledge", "upgrade", "both"}) {
            Config config = Config.defaults().with(Settings.HTTP2_CLEARTEXT, cleartext, Config.Source.API);
            assertEquals(CORES, loops(config, 0), cleartext);
        }
    }

    @Test
    void aSettingWins() {
        Config config = Config.defaults().with(Settings.HTTP2_CLEARTEXT, "both", Config.Source.API);
        assertEquals(3, loops(config, 3));
        assertEquals(3, loops(Config.defaults(), 3));
    }

    @Test
    void everyCoreForANonBlockingApplicationUnlessSetOtherwise() {
        Application blocking = (environ, start) -> Body.empty();
        Application nonBlocking = new Application() {
            @Override
            public boolean nonBlocking() {
                return true;
            }

            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse start) {
                return Body.empty();
            }
        };
        assertEquals(Math.max(1, CORES / 2), HttpContexts.ioThreads(Config.defaults(), blocking));
        assertEquals(CORES, HttpContexts.ioThreads(Config.defaults(), nonBlocking));
        assertEquals(3, HttpContexts.ioThreads(Config.defaults().with(Settings.IO_THREADS, 3, Config.Source.API), nonBlocking));
        Config h2c = Config.defaults().with(Settings.HTTP2_CLEARTEXT, "both", Config.Source.API);
        assertEquals(CORES, HttpContexts.ioThreads(h2c, blocking));
        // Process workers share the cores out: a loop per core across the server, at least one each.
        Config twoProcesses = Config.defaults().with(Settings.WORKER_CLASS, WorkerClass.PROCESS, Config.Source.API)
                .with(Settings.WORKERS, 2, Config.Source.API);
        assertEquals(Math.max(1, CORES / 2), HttpContexts.ioThreads(twoProcesses, nonBlocking));
        assertEquals(1, HttpContexts.ioThreads(twoProcesses.with(Settings.WORKERS, CORES + 1, Config.Source.API), nonBlocking));
    }

    private static int loops(Config config, int ioThreads) {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        HttpServer server = new HttpServer(HttpContexts.forWorkers(config, workers, false, false), ioThreads,
                ListenerOptions.withBacklog(16));
        try {
            return server.ioThreads();
        } finally {
            server.shutdown();
            workers.shutdownNow();
        }
    }
}
