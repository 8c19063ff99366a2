package dev.gateway.spi;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;

/**
 * Ready-made response bodies. A body is any {@code Iterable<byte[]>}; these cover the common cases.
 */
public final class Body {

    private Body() {
    }

    /** An empty body. */
    public static Iterable<byte[]> empty() {
        return List.of();
    }

    /** A body of one chunk: its length is known, so the server sends {@code Content-Length}. */
    public static Iterable<byte[]> of(byte[] chunk) {
        return List.of(chunk);
    }

    /** A body of the given chunks, sent in order. */
    public static Iterable<byte[]> of(byte[]... chunks) {
        return List.of(chunks);
    }

    /** A body of one chunk: {@code text} encoded as UTF-8. */
    public static Iterable<byte[]> of(String text) {
        return List.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A body that iterates {@code chunks} and runs {@code onClose} when the server closes it: the
     * place to release what the response held (a database cursor, a file, a subscription). When
     * {@code chunks} is a {@link List}, so is the result, so a one-chunk body keeps its known length
     * (the server sends it with {@code Content-Length}).
     */
    public static CloseableBody onClose(Iterable<byte[]> chunks, Runnable onClose) {
        if (chunks instanceof List<byte[]> list) {
            return new ClosingList(list, onClose);
        }
        return new ClosingIterable(chunks, onClose);
    }

    /** Chunks that run an action when closed. */
    private record ClosingIterable(Iterable<byte[]> chunks, Runnable onClose) implements CloseableBody {
        @Override
        public Iterator<byte[]> iterator() {
            return chunks.iterator();
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** A list of chunks that runs an action when closed. */
    private static final class ClosingList extends AbstractList<byte[]> implements CloseableBody {
        private final List<byte[]> chunks;
        private final Runnable onClose;

        ClosingList(List<byte[]> chunks, Runnable onClose) {
            this.chunks = chunks;
            this.onClose = onClose;
        }

        @Override
        public byte[] get(int index) {
            return chunks.get(index);
        }

        @Override
        public int size() {
            return chunks.size();
        }

        @Override
        public Iterator<byte[]> iterator() {
            return chunks.iterator();
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** A body the server must close: an {@code Iterable<byte[]>} that is also {@link AutoCloseable}. */
    public interface CloseableBody extends Iterable<byte[]>, AutoCloseable {
        /** Releases what the body holds; called exactly once by the server. */
        @Override
        void close();
    }
}
