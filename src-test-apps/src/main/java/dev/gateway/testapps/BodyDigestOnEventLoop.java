package dev.gateway.testapps;

/**
 * {@link BodyDigest} declared non-blocking: gateway answers its requests without a body on the
 * event loop and those with one on a worker, so one pipelined connection mixes both paths.
 */
public final class BodyDigestOnEventLoop extends DeclaredNonBlocking {

    public BodyDigestOnEventLoop() {
        super(new BodyDigest());
    }
}
