package dev.gateway.servlet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The context's static resources (Servlet 6.1 section 4.6): files under an optional base directory
 * (the "document root"), then {@code META-INF/resources/} of the class path (the resources of the
 * application's jars, section 4.6). A path that leaves the base directory is never served.
 */
public final class ContextResources {

    private final Path base;
    private final ClassLoader loader;

    /**
     * @param base   the base directory, or null for class-path resources only
     * @param loader where {@code META-INF/resources/} is looked up
     */
    public ContextResources(Path base, ClassLoader loader) {
        this.base = base == null ? null : base.toAbsolutePath().normalize();
        this.loader = loader;
    }

    private Path file(String path) {
        if (base == null || path == null || !path.startsWith("/")) {
            return null;
        }
        Path file = base.resolve(path.substring(1)).normalize();
        return file.startsWith(base) ? file : null;
    }

    URL url(String path) throws MalformedURLException {
        Path file = file(path);
        if (file != null && Files.exists(file)) {
            return file.toUri().toURL();
        }
        return loader.getResource("META-INF/resources" + path);
    }

    InputStream stream(String path) {
        try {
            URL url = path == null || !path.startsWith("/") ? null : url(path);
            return url == null || url.getPath().endsWith("/") ? null : url.openStream();
        } catch (IOException e) {
            return null;
        }
    }

    String realPath(String path) {
        Path file = file(path == null || path.isEmpty() ? "/" : path);
        return file == null ? null : file.toString();
    }

    /** Section 4.6 getResourcePaths: the entries directly under a directory, directories ending with {@code /}. */
    Set<String> paths(String path) {
        Path dir = file(path);
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(e -> paths.add(prefix + e.getFileName() + (Files.isDirectory(e) ? "/" : "")));
        } catch (IOException e) {
            return null;
        }
        return paths;
    }
}
