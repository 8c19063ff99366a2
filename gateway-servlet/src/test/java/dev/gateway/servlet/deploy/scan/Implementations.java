package dev.gateway.servlet.deploy.scan;

/** Classes the @HandlesTypes search must (and must not) find. */
public final class Implementations {

    private Implementations() {
    }

    /** Implements Marker directly. */
    public static class Direct implements Marker {
    }

    /** Implements Marker through its super class. */
    public static class Inherited extends Direct {
    }

    /** Abstract, found too (the initializer decides what to instantiate). */
    public abstract static class Abstract implements Marker {
    }

    /** Carries the annotation. */
    @Tagged(value = "x")
    @Deprecated
    public static class Annotated {
    }

    /** Neither. */
    public static class Unrelated {
    }
}
