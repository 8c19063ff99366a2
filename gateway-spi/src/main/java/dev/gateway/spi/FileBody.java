package dev.gateway.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A response body that is a region of a file. Servers recognise it and may send the region with zero
 * copy (a Netty {@code FileRegion} without TLS); any other consumer simply iterates it in
 * {@code blockSize} chunks. Its length is known, so the server can send {@code Content-Length}.
 * {@link #close()} closes the file.
 */
public final class FileBody implements Iterable<byte[]>, AutoCloseable {

    /** The chunk size used when none is given. */
    public static final int DEFAULT_BLOCK_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final long position;
    private final long count;
    private final int blockSize;

    /**
     * A body of {@code count} bytes of {@code channel} starting at {@code position}.
     *
     * @throws IllegalArgumentException when the region is negative or the block size not positive
     */
    public FileBody(FileChannel channel, long position, long count, int blockSize) {
        if (position < 0 || count < 0 || blockSize <= 0) {
            throw new IllegalArgumentException("bad file region: position=" + position + " count=" + count
                    + " blockSize=" + blockSize);
        }
        this.channel = channel;
        this.position = position;
        this.count = count;
        this.blockSize = blockSize;
    }

    /** A body of the whole file at {@code path}. */
    public static FileBody open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new FileBody(channel, 0, channel.size(), DEFAULT_BLOCK_SIZE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A body of {@code channel} from its current position to its end: the default {@link FileWrapper}. */
    public static FileBody ofRemaining(FileChannel channel, int blockSize) {
        try {
            long start = channel.position();
            return new FileBody(channel, start, Math.max(0, channel.size() - start), blockSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The open file. */
    public FileChannel channel() {
        return channel;
    }

    /** Where the region starts. */
    public long position() {
        return position;
    }

    /** The number of bytes in the region. */
    public long count() {
        return count;
    }

    /** The chunk size of the iterator. */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private long offset;

            @Override
            public boolean hasNext() {
                return offset < count;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(blockSize, count - offset));
                try {
                    while (buffer.hasRemaining()) {
                        int n = channel.read(buffer, position + offset + buffer.position());
                        if (n < 0) {
                            throw new IOException("file shorter than its declared region");
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                offset += buffer.capacity();
                return buffer.array();
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
