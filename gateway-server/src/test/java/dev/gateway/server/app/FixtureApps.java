package dev.gateway.server.app;

import dev.gateway.spi.Application;
import dev.gateway.testapps.Hello;

/** Members for each APP form, good and bad. Not itself an Application. */
public final class FixtureApps {

    public static final Application FIELD = new Hello();
    public static final Application NULL_FIELD = null;
    public static final String NOT_AN_APP = "hello";
    public final Application instanceField = new Hello();

    public static Application method() {
        return new Hello();
    }

    public static Application withArgument(String name) {
        return new Hello();
    }

    public static Application failing() {
        throw new IllegalStateException("database is down");
    }

    public Application instanceMethod() {
        return new Hello();
    }
}
