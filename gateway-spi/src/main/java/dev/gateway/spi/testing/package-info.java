/**
 * The in-process test client: {@link dev.gateway.spi.testing.TestClient} calls an application as the
 * server would (same environ builder, same start-response rules), checked by
 * {@link dev.gateway.spi.lint.Lint}, with no socket and no dependency.
 */
package dev.gateway.spi.testing;
