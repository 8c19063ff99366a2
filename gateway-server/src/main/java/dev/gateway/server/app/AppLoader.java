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

    /** The class whose {@code fromWebApp(Path)} deploys a WAR: gateway-servlet's, found on the class path. */
    static final String SERVLET_APPLICATION = "dev.gateway.servlet.ServletApplication";

    private final List<Path> classpath;
    private final Path baseDir;
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
        this.baseDir = baseDir.toAbsolutePath();
        this.classpath = expand(classpathEntries, this.baseDir, emptyWildcards);
    }

    /** The class path entries, wildcards expanded. */
    public List<Path> classpath() {
        return classpath;
    }

    /**
     * The application of the command line: the web application at {@code war} (relative to the base
     * folder) when one is given, else the one {@code spec} names.
     */
    public Application load(String spec, String war) throws AppLoadException {
        return war == null ? load(spec) : loadWebApp(war);
    }

    /**
     * Deploys the WAR file or unpacked web application at {@code war} through gateway-servlet's
     * {@code ServletApplication.fromWebApp(Path)}, called by name: the server does not depend on the
     * bridge, which the launcher adds to the class path for {@code --war}.
     */
    public Application loadWebApp(String war) throws AppLoadException {
        Path path = baseDir.resolve(war);
        if (!Files.exists(path)) {
            throw new AppLoadException("no WAR file or web application folder at " + path);
        }
        ClassLoader loader = classLoader();
        Class<?> type;
        try {
            type = Class.forName(SERVLET_APPLICATION, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("--war needs gateway-servlet and the Servlet API on the class path"
                    + " (bin/gateway adds them; else give them with --classpath)");
        }
        return (Application) withContextClassLoader(loader, () -> fromWebApp(type, path));
    }

    private static Object fromWebApp(Class<?> type, Path path) throws AppLoadException {
        try {
            return type.getMethod("fromWebApp", Path.class).invoke(null, path);
        } catch (InvocationTargetException e) {
            throw new AppLoadException("cannot deploy " + path + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AppLoadException("cannot deploy " + path + ": " + e, e);
        }
    }

    /** Loads and instantiates the application named by {@code spec} (parsed by the contract's {@link ApplicationSpec}). */
    public Application load(String spec) throws AppLoadException {
        ApplicationSpec parsed;
        try {
            parsed = ApplicationSpec.parse(spec);
        } catch (ApplicationLoadException e) {
            throw new AppLoadException(e.getMessage(), e.getCause());
        }
        ClassLoader loader = classLoader();
        Class<?> type = loadClass(parsed.className(), loader);
        return withContextClassLoader(loader, () -> {
            try {
                return parsed.application(type);
            } catch (ApplicationLoadException e) {
                throw new AppLoadException(e.getMessage(), e.getCause());
            }
        });
    }

    private interface Creation<T> {
        T create() throws AppLoadException;
    }

    /**
     * Runs a constructor or factory with the application's class loader as the thread's context class
     * loader, as a Servlet container deploys: frameworks (ServiceLoader, Spring, Jersey's HK2) look
     * their classes and resources up through it, and the server's own loader cannot see the
     * {@code --classpath} jars.
     */
    private static <T> T withContextClassLoader(ClassLoader loader, Creation<T> creation) throws AppLoadException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return creation.create();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Loads {@code className} from the class path and calls its public no-arg constructor (for {@code --hooks}). */
    public Object instantiate(String className) throws AppLoadException {
        Class<?> type = loadClass(className, classLoader());
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

    private Class<?> loadClass(String className, ClassLoader loader) throws AppLoadException {
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
