package dev.gateway.servlet.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the class headers of every class on a class loader's class path (its directories and jars),
 * without loading them, for the {@code @HandlesTypes} search of Servlet 6.1 section 8.2.4 (see
 * {@link #roots} for what counts as the class path).
 */
final class ClassPathScanner {

    private final Map<String, ClassFileHeader> headers = new HashMap<>();

    /** Scans the class path of {@code loader}. */
    static ClassPathScanner scan(ClassLoader loader) {
        ClassPathScanner scanner = new ClassPathScanner();
        for (Path root : roots(loader)) {
            scanner.scanRoot(root);
        }
        return scanner;
    }

    /** Every header read, by class name. */
    Map<String, ClassFileHeader> headers() {
        return headers;
    }

    /**
     * The application's class path: the URLs of a {@link URLClassLoader} (what the command line's
     * {@code --classpath} builds: the server's own jars below it are not the application's), else the
     * directories and jars the loader reports for {@code ""} and {@code META-INF/MANIFEST.MF}, plus
     * {@code java.class.path} when the loader is (or descends from) the system class loader.
     */
    static Set<Path> roots(ClassLoader loader) {
        Set<Path> roots = new LinkedHashSet<>();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                addUrl(roots, url);
            }
            return roots;
        }
        boolean system = false;
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            system |= l == ClassLoader.getSystemClassLoader();
        }
        try {
            addResourceRoots(roots, loader.getResources(""), "");
            addResourceRoots(roots, loader.getResources("META-INF/MANIFEST.MF"), "META-INF/MANIFEST.MF");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (system) {
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    roots.add(Path.of(entry).toAbsolutePath().normalize());
                }
            }
        }
        return roots;
    }

    private static void addResourceRoots(Set<Path> roots, Enumeration<URL> urls, String resource) {
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            String text = url.toString();
            if (text.startsWith("jar:file:") && text.contains("!/")) {
                addUrl(roots, toUrl(text.substring(4, text.indexOf("!/"))));
            } else if (text.startsWith("file:") && text.endsWith(resource)) {
                addUrl(roots, toUrl(text.substring(0, text.length() - resource.length())));
            }
        }
    }

    private static URL toUrl(String text) {
        try {
            return URI.create(text).toURL();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void addUrl(Set<Path> roots, URL url) {
        if (url != null && url.getProtocol().equals("file")) {
            try {
                roots.add(Path.of(url.toURI()).toAbsolutePath().normalize());
            } catch (Exception e) {
                // not a local path: nothing to scan there
            }
        }
    }

    private void scanRoot(Path root) {
        try {
            if (Files.isDirectory(root)) {
                scanDirectory(root);
            } else if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
                scanJar(root);
            }
        } catch (IOException | UncheckedIOException e) {
            // An unreadable entry of the class path cannot hold classes the loader loads either.
        }
    }

    private void scanDirectory(Path root) throws IOException {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> isClassFile(f.getFileName().toString())).forEach(classes::add);
        }
        for (Path file : classes) {
            try (InputStream in = Files.newInputStream(file)) {
                record(in);
            }
        }
    }

    private void scanJar(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && isClassFile(name) && !name.startsWith("META-INF/")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        record(in);
                    }
                }
            }
        }
    }

    private static boolean isClassFile(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }

    private void record(InputStream in) {
        try {
            ClassFileHeader header = ClassFileHeader.read(in);
            if (header != null) {
                headers.putIfAbsent(header.name(), header);
            }
        } catch (IOException | RuntimeException e) {
            // A damaged or unusual class file is skipped, as Tomcat skips classes it cannot parse.
        }
    }
}
