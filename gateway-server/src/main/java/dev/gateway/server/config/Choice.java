package dev.gateway.server.config;

import java.util.Locale;

/** An enum-valued setting's constant, written as a lower-case word ({@code thread}, {@code v1}). */
public interface Choice {

    /** The constant's name as the command line and the config file write it. */
    String name();

    /** The word for this constant: its name in lower case, {@code _} written {@code -}. */
    default String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
