package dev.gateway.servlet.staticfiles;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A static file of the web application: a plain file under the resource base (sent with zero copy),
 * or an entry of {@code META-INF/resources/} in a jar (streamed).
 *
 * @param file         the plain file, or null for a jar entry
 * @param url          where to read it
 * @param length       its size in bytes
 * @param lastModified its modification time in millis, truncated to whole seconds (HTTP dates have no
 *                     finer grain, RFC 9110 section 5.6.7), or -1 when unknown
 */
record StaticResource(Path file, URL url, long length, long lastModified) {

    /** What {@code path} names in {@code context}: a file, a directory (null, see {@link #isDirectory}), or nothing (null). */
    static StaticResource find(ServletContext context, String path) throws IOException {
        String real = context.getRealPath(path);
        if (real != null) {
            Path file = Path.of(real);
            if (Files.isRegularFile(file)) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new StaticResource(file, file.toUri().toURL(), attributes.size(),
                        seconds(attributes.lastModifiedTime().toMillis()));
            }
            if (Files.exists(file)) {
                return null; // a directory, or something that is no file
            }
        }
        URL url = resource(context, path);
        if (url == null || url.getPath().endsWith("/")) {
            return null;
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // a cached jar would stay open after the application ends
        long length = connection.getContentLengthLong();
        long modified = connection.getLastModified();
        try (InputStream ignored = connection.getInputStream()) {
            // opened to see that it is a readable entry, not a directory of the jar
        } catch (IOException e) {
            return null;
        }
        return length < 0 ? null : new StaticResource(null, url, length, modified > 0 ? seconds(modified) : -1);
    }

    /** True when {@code path} is a directory of the resource base or of a jar's {@code META-INF/resources/}. */
    static boolean isDirectory(ServletContext context, String path) {
        String real = context.getRealPath(path);
        if (real != null && Files.isDirectory(Path.of(real))) {
            return true;
        }
        var entries = context.getResourcePaths(path.endsWith("/") ? path : path + "/");
        return entries != null && !entries.isEmpty();
    }

    private static URL resource(ServletContext context, String path) {
        try {
            return context.getResource(path);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    private static long seconds(long millis) {
        return millis - Math.floorMod(millis, 1000L);
    }

    /**
     * A weak entity tag from the size and the modification time, as Tomcat makes it: the bytes are
     * not hashed, so two files of the same size changed within one second share a tag (hence weak,
     * RFC 9110 section 8.8.1).
     */
    String etag() {
        return "W/\"" + length + "-" + lastModified + "\"";
    }
}
