package dev.gateway.spi.lint;

import dev.gateway.spi.FileBody;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;

/**
 * The BODY rules: the application's chunks, and the server's single iteration and single
 * {@code close()}. The wrapper keeps the shape a server looks at: a {@link Collection} stays a
 * Collection of the same size, a {@link FileBody} is returned as it is.
 */
@SuppressWarnings("try") // close() passes on whatever the inner body's close() throws
final class LintBody implements Iterable<byte[]>, AutoCloseable {

    private final Lint lint;
    private final LintCall call;
    private final Iterable<byte[]> inner;
    /** The number of chunks of a Collection body, -1 for any other body. */
    private final int size;
    private boolean iterated;
    private boolean closed;
    private long delivered;

    private LintBody(Lint lint, LintCall call, Iterable<byte[]> inner, int size) {
        this.lint = lint;
        this.call = call;
        this.inner = inner;
        this.size = size;
    }

    /** The body to return to the server in place of {@code body}. */
    static Iterable<byte[]> wrap(Lint lint, LintCall call, Iterable<byte[]> body) throws Exception {
        if (body instanceof FileBody file) {
            return checkedFile(call, file);
        }
        if (body instanceof Collection<?> chunks) {
            if (chunks.isEmpty()) {
                endNow(call, body); // nothing left to run: start() must have been called already
            }
            LintBody checked = new LintBody(lint, call, body, chunks.size());
            lint.bodyOpened();
            return new CollectionView(checked);
        }
        lint.bodyOpened();
        return new LintBody(lint, call, body, -1);
    }

    /**
     * A FileBody runs no application code while it is sent, so everything about it can be checked
     * now; it is then returned unwrapped, which keeps the server's zero-copy path.
     */
    private static FileBody checkedFile(LintCall call, FileBody file) throws Exception {
        try {
            call.bodyBytes(file.count(), "FileBody");
        } catch (LintError e) {
            file.close();
            throw e;
        }
        endNow(call, file);
        return file;
    }

    /** Ends the body now; when that breaks a rule, Lint is the server of the body it refuses, and closes it. */
    private static void endNow(LintCall call, Iterable<byte[]> body) throws Exception {
        try {
            call.end();
        } catch (LintError e) {
            if (body instanceof AutoCloseable closeable) {
                closeable.close();
            }
            throw e;
        }
    }

    @Override
    public Iterator<byte[]> iterator() {
        call.checkThread("iterator()");
        if (closed) {
            throw lint.fail(Rule.BODY_4, "iterator() called after close()");
        }
        if (iterated) {
            throw lint.fail(Rule.BODY_3, "iterator() called a second time; a body is iterated once");
        }
        iterated = true;
        Iterator<?> chunks = inner.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                call.checkThread("hasNext()");
                if (closed) {
                    throw lint.fail(Rule.BODY_4, "hasNext() called after close()");
                }
                boolean more = chunks.hasNext();
                call.checkNotSwallowed("hasNext()");
                if (!more) {
                    call.end();
                }
                return more;
            }

            @Override
            public byte[] next() {
                call.checkThread("next()");
                if (closed) {
                    throw lint.fail(Rule.BODY_4, "next() called after close()");
                }
                Object chunk = chunks.next();
                call.checkNotSwallowed("next()");
                return chunk(chunk);
            }
        };
    }

    private byte[] chunk(Object chunk) {
        if (!(chunk instanceof byte[] bytes)) {
            throw lint.fail(Rule.BODY_2, chunk == null
                    ? "the body yielded null; yield new byte[0] for nothing"
                    : "the body yielded a " + chunk.getClass().getName() + ", not a byte[]");
        }
        delivered++;
        call.bodyBytes(bytes.length, "body chunk");
        return bytes;
    }

    @Override
    public void close() throws Exception {
        if (closed) {
            throw lint.fail(Rule.BODY_5, "close() called a second time");
        }
        closed = true;
        lint.bodyClosed();
        try {
            if (inner instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } finally {
            call.checkThread("close()");
            if (size >= 0 && delivered == size) {
                // A server may take every chunk of a Collection without asking hasNext(): the end is here.
                call.end();
            }
        }
    }

    /** A Collection body stays a Collection, so a server still sees its size (Content-Length). */
    @SuppressWarnings("try")
    private static final class CollectionView extends AbstractCollection<byte[]> implements AutoCloseable {

        private final LintBody body;

        CollectionView(LintBody body) {
            this.body = body;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return body.iterator();
        }

        @Override
        public int size() {
            return body.size;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
