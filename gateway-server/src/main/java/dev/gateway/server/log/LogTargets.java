package dev.gateway.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where the logs go, from {@code accesslog} and {@code errorlog}: logback appenders added in code
 * (a {@link FileAppender}, which SIGUSR1 reopens, or stdout for {@code -}), removed again by
 * {@link #close()}. Nothing happens when logback is not the slf4j backend (an embedding application
 * chose its own) or when neither setting asks for anything.
 */
public final class LogTargets implements AutoCloseable {

    private final List<Runnable> undo = new ArrayList<>();

    private LogTargets() {
    }

    /** Adds the appenders {@code config} asks for. */
    public static LogTargets install(Config config) {
        LogTargets targets = new LogTargets();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            String accessLog = config.get(Settings.ACCESSLOG);
            if (!accessLog.isEmpty()) {
                targets.routeAccessLog(context, accessLog);
            }
            String errorLog = config.get(Settings.ERRORLOG);
            if (!errorLog.isEmpty() && !errorLog.equals("-")) {
                targets.routeErrorLog(context, errorLog);
            }
        }
        return targets;
    }

    /**
     * True when access lines have somewhere to go: {@code accesslog} is set, or the logback
     * configuration gives {@code gateway.access} an appender of its own. Otherwise no access log is
     * built at all, and requests pay nothing for it.
     */
    public static boolean accessLogWanted(Config config) {
        if (!config.get(Settings.ACCESSLOG).isEmpty()) {
            return true;
        }
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.exists(LoggerNames.ACCESS) != null
                && context.getLogger(LoggerNames.ACCESS).iteratorForAppenders().hasNext();
    }

    private void routeAccessLog(LoggerContext context, String target) {
        Logger access = context.getLogger(LoggerNames.ACCESS);
        Level level = access.getLevel();
        boolean additive = access.isAdditive();
        // The access log is not part of the error log, and loglevel must not silence it.
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        attach(access, appender(context, target, "%msg%n", false));
        undo.add(() -> {
            access.setLevel(level);
            access.setAdditive(additive);
        });
    }

    /** The error log replaces the console on the root logger, so that everything logged lands in the file. */
    private void routeErrorLog(LoggerContext context, String path) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
            }
        }
        consoles.forEach(root::detachAppender);
        undo.add(() -> consoles.forEach(root::addAppender));
        attach(root, appender(context, path, DefaultLogConfiguration.ERROR_PATTERN, true));
    }

    private void attach(Logger logger, OutputStreamAppender<ILoggingEvent> appender) {
        logger.addAppender(appender);
        undo.add(() -> {
            logger.detachAppender(appender);
            appender.stop();
        });
    }

    /** {@code -} is stdout; anything else a file opened for appending. */
    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, String target, String pattern, boolean error) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (target.equals("-")) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget(error ? "System.err" : "System.out");
            appender = console;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(target);
            file.setAppend(true);
            appender = file;
        }
        appender.setName((error ? "gateway-errorlog:" : "gateway-accesslog:") + target);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    /** Removes what {@link #install} added, in reverse order. */
    @Override
    public void close() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
    }
}
