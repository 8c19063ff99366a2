package dev.gateway.server.arbiter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --pid FILE}: the master's PID, for init scripts and {@code kill -HUP $(cat FILE)}. */
final class PidFile {

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes the PID of this process to {@code file}; null when {@code file} is empty. */
    static PidFile write(String file) throws IOException {
        if (file.isEmpty()) {
            return null;
        }
        Path path = Path.of(file);
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        return new PidFile(path);
    }

    /** Removes the file, if it still holds our PID (a newer master may have replaced it). */
    void delete() {
        try {
            if (Files.readString(path).trim().equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Already gone: nothing to clean.
        }
    }
}
