package dev.gateway.servlet.deploy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class loader of a web application directory (Servlet 6.1 section 10.7.2): {@code WEB-INF/classes}
 * and the jars of {@code WEB-INF/lib}, searched before the parent, as Tomcat and Jetty do, except for
 * the classes the container shares with the application and that the application must not replace:
 * the platform's ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}), the Servlet API, and the
 * gateway contract and bridge.
 */
public final class WebAppClassLoader extends URLClassLoader {

    private static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "jakarta.servlet.",
            "dev.gateway.spi.", "dev.gateway.servlet.");

    static {
        registerAsParallelCapable();
    }

    private WebAppClassLoader(URL[] urls, ClassLoader parent) {
        super("gateway-webapp", urls, parent);
    }

    /** A loader for the web application in {@code directory}. */
    public static WebAppClassLoader of(Path directory, ClassLoader parent) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = directory.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            urls.add(classes.toUri().toURL());
        }
        Path lib = directory.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return new WebAppClassLoader(urls.toArray(URL[]::new), parent);
    }

    private static boolean parentFirst(String name) {
        return PARENT_FIRST.stream().anyMatch(name::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (parentFirst(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException e) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        if (parentFirst(name.replace('/', '.'))) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        ClassLoader parent = getParent();
        if (parent != null) {
            urls.addAll(Collections.list(parent.getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
