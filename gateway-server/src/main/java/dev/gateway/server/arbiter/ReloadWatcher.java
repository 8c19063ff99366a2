package dev.gateway.server.arbiter;

import dev.gateway.server.app.AppLoader;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --reload}: watches the class path (class folders recursively, jars by their folder), the
 * config file and {@code reload_extra_files}, and once a change has been followed by
 * {@value #QUIET_MILLIS} ms of quiet (a compiler or a build writes many files), calls
 * {@code onChange}, which the master turns into a HUP: the configuration and the application are
 * loaded again and a new generation of workers replaces the old one. The kernel's inotify reports
 * the changes (the JDK's WatchService), so an idle server does not poll.
 */
final class ReloadWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    /** How long the files must stay unchanged before the reload. */
    static final long QUIET_MILLIS = 300;

    private final WatchService service;
    /** Watched folder, and the file names in it that count (empty: every file, and subfolders are watched too). */
    private final Map<WatchKey, Watched> keys = new HashMap<>();
    private final Runnable onChange;
    private final Thread thread;

    private record Watched(Path folder, Set<String> names, boolean recursive) {
    }

    private ReloadWatcher(WatchService service, Runnable onChange) {
        this.service = service;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "gateway-reload");
        this.thread.setDaemon(true);
    }

    /** Starts watching what {@code config} names; {@code onChange} runs on the watcher's thread. */
    static ReloadWatcher start(Config config, Runnable onChange) throws IOException {
        ReloadWatcher watcher = new ReloadWatcher(FileSystems.getDefault().newWatchService(), onChange);
        Path base = Path.of(config.get(Settings.CHDIR)).toAbsolutePath();
        List<Path> targets = new ArrayList<>(new AppLoader(config.get(Settings.CLASSPATH), base).classpath());
        String configFile = config.get(Settings.CONFIG);
        if (configFile != null && !configFile.isEmpty()) {
            targets.add(Path.of(configFile).toAbsolutePath());
        }
        for (String extra : config.get(Settings.RELOAD_EXTRA_FILES)) {
            targets.add(base.resolve(extra));
        }
        for (Path target : new LinkedHashSet<>(targets)) {
            watcher.watch(target.normalize());
        }
        log.info("Reloading on changes to {} watched folder(s)", watcher.keys.size());
        watcher.thread.start();
        return watcher;
    }

    private void watch(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try (Stream<Path> folders = Files.walk(target)) {
                for (Path folder : folders.filter(Files::isDirectory).toList()) {
                    register(folder, Set.of(), true);
                }
            }
        } else if (target.getParent() != null && Files.isDirectory(target.getParent())) {
            register(target.getParent(), Set.of(target.getFileName().toString()), false);
        } else {
            log.warn("--reload: {} does not exist and its folder neither: not watched", target);
        }
    }

    private void register(Path folder, Set<String> names, boolean recursive) throws IOException {
        WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Watched before = keys.get(key);
        if (before != null && !before.names().isEmpty() && !names.isEmpty()) {
            Set<String> merged = new java.util.HashSet<>(before.names());
            merged.addAll(names);
            names = merged;
        } else if (before != null) {
            names = Set.of(); // a folder watched whole and for a file: whole
            recursive = recursive || before.recursive();
        }
        keys.put(key, new Watched(folder, names, recursive));
    }

    private void run() {
        try {
            while (true) {
                Path changed = changeIn(service.take());
                if (changed == null) {
                    continue;
                }
                // Quiet: keep taking events until none came for QUIET_MILLIS.
                for (WatchKey next; (next = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    changeIn(next);
                }
                log.info("Reloading: {} changed", changed);
                onChange.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the master is stopping
        }
    }

    /** The first relevant path among the key's events (a new subfolder is watched as well), or null. */
    private Path changeIn(WatchKey key) {
        Watched watched = keys.get(key);
        Path changed = null;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (watched == null || !(event.context() instanceof Path name)) {
                continue; // OVERFLOW has no name
            }
            if (!watched.names().isEmpty() && !watched.names().contains(name.toString())) {
                continue;
            }
            Path path = watched.folder().resolve(name);
            if (watched.recursive() && event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                try {
                    watch(path);
                } catch (IOException e) {
                    log.warn("--reload: cannot watch new folder {}: {}", path, e.getMessage());
                }
            }
            changed = changed != null ? changed : path;
        }
        if (!key.reset()) {
            keys.remove(key); // the folder is gone
        }
        return changed;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to do
        }
        thread.interrupt();
    }
}
