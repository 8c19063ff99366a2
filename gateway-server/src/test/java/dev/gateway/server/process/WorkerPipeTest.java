package dev.gateway.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration a process worker receives is the master's, setting for setting. */
class WorkerPipeTest {

    @Test
    void configurationSurvivesTheCommandLine() {
        Config master = Config.defaults()
                .with(Settings.BIND, List.of("127.0.0.1:0", "unix:/tmp/x.sock"), Config.Source.COMMAND_LINE)
                .with(Settings.THREADS, 8, Config.Source.CONFIG_FILE)
                .with(Settings.MAX_REQUESTS, 1000, Config.Source.ENVIRONMENT)
                .with(Settings.CLASSPATH, List.of("a.jar", "lib/*"), Config.Source.COMMAND_LINE)
                .with(Settings.WORKER_CLASS, WorkerClass.PROCESS, Config.Source.COMMAND_LINE);
        List<String> args = WorkerPipe.configArgs(master);
        assertTrue(args.contains("threads=8"), args.toString());
        Config worker = WorkerPipe.parseConfig(args);
        for (Setting<?> setting : Settings.ALL) {
            assertEquals(master.get(setting), worker.get(setting), setting.name());
        }
    }

    @Test
    void heartbeatIsFourTimesPerTimeoutAndAtLeastOncePerSecond() {
        assertEquals(500, WorkerPipe.beatMillis(2));
        assertEquals(1000, WorkerPipe.beatMillis(30));
        assertEquals(1000, WorkerPipe.beatMillis(0));
    }
}
