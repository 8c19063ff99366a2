package dev.gateway.spi.lint;

import java.util.Locale;

/**
 * A broken rule of the contract, found by {@link Lint}. Its message starts with the rule's id
 * ({@code "START-1: ..."}), so a failure points straight at its rule in docs/spec.md. It is an
 * {@link AssertionError}: a contract violation is a bug to fix, not a condition to handle.
 */
public final class LintError extends AssertionError {

    private final Rule rule;

    /** A violation of {@code rule}; {@code detail} says what was seen. */
    public LintError(Rule rule, String detail) {
        super(rule.id() + ": " + detail + " (" + rule.side().name().toLowerCase(Locale.ROOT) + " error)");
        this.rule = rule;
    }

    /** The rule that was broken. */
    public Rule rule() {
        return rule;
    }
}
