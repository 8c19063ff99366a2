package dev.gateway.servlet.multipart;

import dev.gateway.servlet.http.ClientErrorException;
import jakarta.servlet.MultipartConfigElement;
import java.nio.file.Path;

/**
 * The limits of one multipart request, from the servlet's {@link MultipartConfigElement}, and the count
 * of bytes against {@code maxRequestSize}.
 */
final class MultipartLimits {

    private final MultipartConfigElement config;
    private final Path location;
    private long total;

    MultipartLimits(MultipartConfigElement config) {
        this.config = config;
        String given = config.getLocation();
        this.location = given == null || given.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(given);
    }

    long maxFileSize() {
        return config.getMaxFileSize();
    }

    int fileSizeThreshold() {
        return Math.max(0, config.getFileSizeThreshold());
    }

    Path location() {
        return location;
    }

    /** Counts {@code n} more bytes of the request. */
    void count(long n) {
        total += n;
        if (config.getMaxRequestSize() >= 0 && total > config.getMaxRequestSize()) {
            throw new ClientErrorException(413, "the multipart request is larger than maxRequestSize ("
                    + config.getMaxRequestSize() + " bytes)");
        }
    }
}
