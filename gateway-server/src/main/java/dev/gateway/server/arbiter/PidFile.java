package dev.gateway.server.arbiter;

import dev.gateway.server.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/** {@code --pid FILE}: the master's PID, for init scripts and {@code kill -HUP $(cat FILE)}. */
final class PidFile {

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /**
     * Writes the PID of this process to {@code file}; null when {@code file} is empty.
     *
     * @throws ConfigException when the file names another live process (a second master on the same file)
     */
    static PidFile write(String file) throws IOException {
        if (file.isEmpty()) {
            return null;
        }
        Path path = Path.of(file).toAbsolutePath();
        OptionalLong old = read(path);
        long self = ProcessHandle.current().pid();
        if (old.isPresent() && old.getAsLong() != self && ProcessHandle.of(old.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new ConfigException("already running on PID " + old.getAsLong() + " (or pid file '" + path + "' is stale)");
        }
        // Written beside and renamed, so a reader never sees a half-written number.
        Path temporary = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, self + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return new PidFile(path);
    }

    /** Removes the file, if it still holds our PID (a newer master may have replaced it). */
    void delete() {
        try {
            if (read(path).equals(OptionalLong.of(ProcessHandle.current().pid()))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Already gone: nothing to clean.
        }
    }

    /** The PID in {@code path}; empty when there is no file or it does not hold a number. */
    private static OptionalLong read(Path path) throws IOException {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
