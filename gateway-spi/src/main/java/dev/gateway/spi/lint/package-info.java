/**
 * {@link dev.gateway.spi.lint.Lint}: a middleware that checks both sides of the contract against the
 * rules of docs/spec.md, each failure named by its rule id ({@link dev.gateway.spi.lint.Rule}).
 */
package dev.gateway.spi.lint;
