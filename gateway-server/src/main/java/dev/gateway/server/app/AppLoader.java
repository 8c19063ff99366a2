package dev.gateway.server.app;

import dev.gateway.spi.Application;
import dev.gateway.spi.server.ApplicationLoadException;
import dev.gateway.spi.server.ApplicationSpec;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the application named on the command line: {@code CLASS} (a public no-arg constructor),
 * {@code CLASS:field} (a static field) or {@code CLASS:method} (a static no-arg method), as the
 * contract's {@link ApplicationSpec} reads them, from the configured class path in a class loader of
 * its own whose parent is the server's (so the SPI types
 * are shared).
 */
public final class AppLoader {

    private final List<Path> classpath;
    /** {@code dir/*} entries that matched no jar, named in the class-not-found message. */
    private final List<String> emptyWildcards = new ArrayList<>();

    /** @param classpathEntries jars, folders and {@code dir/*} wildcards; each may hold several ':'-separated entries */
    public AppLoader(List<String> classpathEntries) {
        this(classpathEntries, Path.of(""));
    }

    /**
     * @param classpathEntries jars, folders and {@code dir/*} wildcards; each may hold several ':'-separated entries
     * @param baseDir          the folder relative entries are resolved against (the {@code chdir} setting)
     */
    public AppLoader(List<String> classpathEntries, Path baseDir) {
        this.classpath = expand(classpathEntries, baseDir.toAbsolutePath(), emptyWildcards);
    }

    /** The class path entries, wildcards expanded. */
    public List<Path> classpath() {
        return classpath;
    }

    /** Loads and instantiates the application named by {@code spec} (parsed by the contract's {@link ApplicationSpec}). */
    public Application load(String spec) throws AppLoadException {
        try {
            ApplicationSpec parsed = ApplicationSpec.parse(spec);
            return parsed.application(loadClass(parsed.className()));
        } catch (ApplicationLoadException e) {
            throw new AppLoadException(e.getMessage(), e.getCause());
        }
    }

    /** Loads {@code className} from the class path and calls its public no-arg constructor (for {@code --hooks}). */
    public Object instantiate(String className) throws AppLoadException {
        Class<?> type = loadClass(className);
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new AppLoadException("class " + className + " has no public no-arg constructor");
        } catch (InvocationTargetException e) {
            throw new AppLoadException("constructor of " + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AppLoadException("cannot instantiate " + className + ": " + e, e);
        }
    }

    private Class<?> loadClass(String className) throws AppLoadException {
        ClassLoader loader = classLoader();
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("class " + className + " not found on classpath " + describeClasspath());
        } catch (LinkageError | RuntimeException e) {
            throw new AppLoadException("class " + className + " failed to load: " + e, e);
        }
    }

    /** The entries searched, marking those that do not exist; with none, the server's own class path was searched. */
    private String describeClasspath() {
        List<String> searched = new ArrayList<>();
        for (Path path : classpath) {
            searched.add(Files.exists(path) ? path.toString() : path + " (does not exist)");
        }
        for (String wildcard : emptyWildcards) {
            searched.add(wildcard + " (no jars)");
        }
        if (searched.isEmpty()) {
            return "[] (no --classpath given; searched the server's own class path)";
        }
        return searched.toString();
    }

    private ClassLoader classLoader() {
        ClassLoader parent = AppLoader.class.getClassLoader();
        if (classpath.isEmpty()) {
            return parent;
        }
        URL[] urls = classpath.stream().map(AppLoader::toUrl).toArray(URL[]::new);
        return new URLClassLoader("gateway-app", urls, parent);
    }

    private static List<Path> expand(List<String> entries, Path baseDir, List<String> emptyWildcards) {
        List<Path> paths = new ArrayList<>();
        for (String entry : entries) {
            for (String part : entry.split(File.pathSeparator)) {
                if (part.isBlank()) {
                    continue;
                }
                if (part.endsWith("/*") || part.equals("*")) {
                    Path folder = baseDir.resolve(part.length() == 1 ? "." : part.substring(0, part.length() - 2)).normalize();
                    List<Path> jars = jarsIn(folder);
                    if (jars.isEmpty()) {
                        emptyWildcards.add(folder.resolve("*").toString());
                    }
                    paths.addAll(jars);
                } else {
                    paths.add(baseDir.resolve(part).normalize());
                }
            }
        }
        return List.copyOf(paths);
    }

    private static List<Path> jarsIn(Path folder) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.{jar,JAR}")) {
            stream.forEach(p -> jars.add(p.toAbsolutePath().normalize()));
        } catch (IOException e) {
            // A missing folder adds nothing; the class-not-found message lists what was searched.
        }
        jars.sort(null);
        return jars;
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
