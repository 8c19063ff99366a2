package dev.gateway.examples.middleware;

/** Closes a wrapped body: a middleware that wraps a body must pass {@code close()} on (PEP 3333). */
final class Closing {

    private Closing() {
    }

    static void close(Iterable<byte[]> body) {
        if (body instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
