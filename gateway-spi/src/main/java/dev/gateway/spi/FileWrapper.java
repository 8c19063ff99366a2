package dev.gateway.spi;

import java.nio.channels.FileChannel;

/**
 * {@code gateway.file_wrapper}: turns an open file into a response body that the server may send with
 * zero copy (PEP 3333, "Optional Platform-Specific File Handling"). The body it returns closes the
 * channel when the server closes the body.
 */
@FunctionalInterface
public interface FileWrapper {

    /**
     * Wraps the file from its current position to its end.
     *
     * @param file      an open, readable channel; the body owns it from now on
     * @param blockSize the chunk size to use when the file cannot be sent with zero copy
     * @return a body, usually a {@link FileBody}
     */
    Iterable<byte[]> wrap(FileChannel file, int blockSize);
}
