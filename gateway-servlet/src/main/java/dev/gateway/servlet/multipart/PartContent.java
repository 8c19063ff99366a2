package dev.gateway.servlet.multipart;

import dev.gateway.servlet.http.ClientErrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the bytes of one part go while it is read (Servlet 6.1 section 8.1.5, MultipartConfig): memory
 * up to {@code fileSizeThreshold}, then a temporary file in {@code location}; more than
 * {@code maxFileSize} bytes, or more than the request's {@code maxRequestSize} in all, fail with a
 * {@link ClientErrorException} (an {@link IllegalStateException}, as the spec says, answered 413 when
 * the application does not catch it).
 */
final class PartContent extends OutputStream {

    private final MultipartLimits limits;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    PartContent(MultipartLimits limits) {
        this.limits = limits;
    }

    @Override
    public void write(int b) throws IOException {
        size++;
        if (limits.maxFileSize() >= 0 && size > limits.maxFileSize()) {
            throw new ClientErrorException(413, "a part is larger than maxFileSize (" + limits.maxFileSize() + " bytes)");
        }
        if (fileOut == null && size > limits.fileSizeThreshold()) {
            file = Files.createTempFile(limits.location(), "upload-", ".part");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 65536);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(b);
        } else {
            memory.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
    }

    long size() {
        return size;
    }

    /** The bytes, when they stayed in memory; null when they are in {@link #file()}. */
    byte[] bytes() {
        return memory == null ? null : memory.toByteArray();
    }

    /** The temporary file, or null. */
    Path file() {
        return file;
    }
}
