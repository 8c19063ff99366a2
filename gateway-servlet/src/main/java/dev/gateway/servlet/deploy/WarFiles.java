package dev.gateway.servlet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks a WAR file into a fresh temporary directory, and removes it again. */
public final class WarFiles {

    private WarFiles() {
    }

    /**
     * Unpacks {@code war} into a new temporary directory and returns it. An entry that would land outside
     * the directory ({@code ../} in its name) fails the whole unpacking.
     */
    public static Path explode(Path war) throws IOException {
        Path target = Files.createTempDirectory("gateway-webapp-");
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                extract(zip, entries.nextElement(), target);
            }
        } catch (IOException | RuntimeException e) {
            delete(target);
            throw e;
        }
        return target;
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path target) throws IOException {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
            throw new IOException("WAR entry outside the application directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(file);
            return;
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, file);
        }
    }

    /** Deletes {@code directory} and everything under it; what cannot be deleted is left. */
    public static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // already gone
        }
    }
}
