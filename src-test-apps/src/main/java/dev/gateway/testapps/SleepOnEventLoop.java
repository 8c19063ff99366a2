package dev.gateway.testapps;

/**
 * {@link Sleep} declared non-blocking, which it is not: gateway calls it on the event loop, where a
 * sleep stalls the loop. For the tests of what the server does then.
 */
public final class SleepOnEventLoop extends DeclaredNonBlocking {

    public SleepOnEventLoop() {
        super(new Sleep());
    }
}
