package dev.gateway.spi;

import java.io.IOException;

/**
 * The legacy {@code write} callable that {@link StartResponse#start} returns (PEP 3333, "The write()
 * Callable"). It exists for applications ported from push-style APIs; new code should return its
 * body from {@link Application#call} instead.
 *
 * <p>Each call sends the bytes before returning (the status and headers first, if they have not gone
 * out yet), so the bytes reach the client in order ahead of any chunk of the returned body. It may be
 * called only while {@link Application#call} runs, never after it returned (docs/spec.md, WRITE-1 and
 * WRITE-2).
 */
@FunctionalInterface
public interface BodyWriter {

    /**
     * Sends {@code data} to the client now.
     *
     * @param data the bytes to send; an empty array sends nothing. The server is done with the array
     *             when this returns: the caller may refill it.
     * @throws IOException when the client went away
     */
    void write(byte[] data) throws IOException;
}
