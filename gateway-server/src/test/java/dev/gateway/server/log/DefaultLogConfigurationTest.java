package dev.gateway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logging configuration built in code says what the shipped logback.xml says, and it steps aside
 * for any configuration a user names or puts on the class path.
 */
class DefaultLogConfigurationTest {

    /** A class loader that sees no logback file: the JDK's own classes only. */
    private static final ClassLoader BARE = new URLClassLoader(new URL[0], null);

    @TempDir
    Path dir;

    @Test
    void theCodeSaysWhatTheShippedFileSays() throws Exception {
        LoggerContext inCode = new LoggerContext();
        DefaultLogConfiguration.build(inCode);
        LoggerContext fromFile = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromFile);
        joran.doConfigure(DefaultLogConfiguration.class.getResource(DefaultLogConfiguration.SHIPPED));
        for (Status status : fromFile.getStatusManager().getCopyOfStatusList()) {
            assertTrue(status.getLevel() < Status.WARN, "the shipped file reads cleanly: " + status);
        }

        for (String name : List.of(Logger.ROOT_LOGGER_NAME, "gateway", "io.netty", "gateway.arbiter", "io.netty.channel")) {
            assertEquals(fromFile.getLogger(name).getEffectiveLevel(), inCode.getLogger(name).getEffectiveLevel(), name);
        }
        assertEquals(Level.WARN, inCode.getLogger("io.netty").getLevel());

        ConsoleAppender<ILoggingEvent> console = onlyConsole(inCode);
        ConsoleAppender<ILoggingEvent> shipped = onlyConsole(fromFile);
        assertEquals(shipped.getName(), console.getName());
        assertEquals(shipped.getTarget(), console.getTarget());
        assertEquals("System.err", console.getTarget());
        ILoggingEvent event = event(inCode, "Listening at: http://127.0.0.1:8000 (1234)");
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertEquals(new String(shipped.getEncoder().encode(event), StandardCharsets.UTF_8), line);
        assertTrue(line.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \\[" + ProcessHandle.current().pid()
                + "] \\[INFO] Listening at: http://127\\.0\\.0\\.1:8000 \\(1234\\)\\R"), line);

        assertEquals(propagators(fromFile), propagators(inCode));
        inCode.stop();
        fromFile.stop();
    }

    @Test
    void withNothingNamedAndNothingOnTheClassPathTheDefaultApplies() {
        assertTrue(DefaultLogConfiguration.applies(null, null, BARE));
    }

    @Test
    void aLogbackFileOnTheClassPathIsLeftToLogback() throws Exception {
        for (String name : List.of("logback.xml", "logback-test.xml")) {
            Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
            Files.writeString(classes.resolve(name), "<configuration/>");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
                assertFalse(DefaultLogConfiguration.applies(null, null, loader), name);
            }
        }
        assertFalse(DefaultLogConfiguration.applies(null, "/etc/app/logback.scmo", BARE), "a serialized model named");
    }

    @Test
    void aNamedFileAppliesTheDefaultOnlyWhileItIsAnUnchangedCopyOfTheShippedOne() throws Exception {
        byte[] shipped;
        try (var in = DefaultLogConfiguration.class.getResourceAsStream(DefaultLogConfiguration.SHIPPED)) {
            shipped = in.readAllBytes();
        }
        Path copy = Files.write(dir.resolve("logback.xml"), shipped);
        assertTrue(DefaultLogConfiguration.applies(copy.toString(), null, BARE), "the launcher's conf/logback.xml, as shipped");
        // Even with a logback-test.xml on the class path: the named file is what logback would read.
        assertTrue(DefaultLogConfiguration.applies(copy.toString(), null, DefaultLogConfigurationTest.class.getClassLoader()));

        Files.writeString(copy, new String(shipped, StandardCharsets.UTF_8).replace("level=\"WARN\"", "level=\"DEBUG\""));
        assertFalse(DefaultLogConfiguration.applies(copy.toString(), null, BARE), "an edited copy is read by logback");
        assertFalse(DefaultLogConfiguration.applies(dir.resolve("missing.xml").toString(), null, BARE), "a missing file");
        assertFalse(DefaultLogConfiguration.applies("logback.xml", null, BARE), "a class path resource is logback's to find");
        assertFalse(DefaultLogConfiguration.applies(copy.toUri().toString(), null, BARE), "a URL is logback's to read");
        assertFalse(DefaultLogConfiguration.applies(dir.toString(), null, BARE), "a directory");
    }

    private static ConsoleAppender<ILoggingEvent> onlyConsole(LoggerContext context) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        assertEquals(1, appenders.size(), appenders::toString);
        assertTrue(appenders.get(0).isStarted());
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = assertInstanceOf(ConsoleAppender.class, appenders.get(0));
        return console;
    }

    private static ILoggingEvent event(LoggerContext context, String message) {
        Logger logger = context.getLogger("gateway.arbiter");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
        event.setTimeStamp(1_764_000_000_123L);
        return event;
    }

    /** Each listener's class: java.util.logging's levels follow logback's. */
    private static List<String> propagators(LoggerContext context) {
        List<String> found = new ArrayList<>();
        for (LoggerContextListener listener : context.getCopyOfListenerList()) {
            found.add(listener.getClass().getName());
        }
        assertEquals(List.of(LevelChangePropagator.class.getName()), found);
        return found;
    }
}
