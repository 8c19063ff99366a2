package dev.gateway.spi.server;

import dev.gateway.spi.Application;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * An application named as the command line names it: {@code CLASS} (a public no-arg constructor),
 * {@code CLASS:field} (a public static field) or {@code CLASS:method} (a public static no-arg method),
 * as Gunicorn's {@code module:variable}. Every host that takes an application by name (the command
 * line, the embedding API, the servlet host's init-parameter) parses and loads it here, so the forms
 * and the error messages are the same everywhere.
 *
 * <pre>{@code
 * Application app = ApplicationSpec.parse("com.example.Apps:hello").load(getClass().getClassLoader());
 * }</pre>
 *
 * @param className the binary name of the class
 * @param member    the static field or method, or {@code null} for the constructor
 */
public record ApplicationSpec(String className, String member) {

    /**
     * Parses {@code spec}.
     *
     * @throws ApplicationLoadException when it is not of the form {@code CLASS}, {@code CLASS:field} or {@code CLASS:method}
     */
    public static ApplicationSpec parse(String spec) throws ApplicationLoadException {
        String text = spec == null ? "" : spec.strip();
        int colon = text.indexOf(':');
        String className = colon < 0 ? text : text.substring(0, colon);
        String member = colon < 0 ? null : text.substring(colon + 1);
        if (className.isBlank() || member != null && member.isBlank()) {
            throw new ApplicationLoadException("malformed application '" + spec + "': expected CLASS, CLASS:field or CLASS:method");
        }
        return new ApplicationSpec(className, member);
    }

    /**
     * Loads the class from {@code loader} and returns the application it names.
     *
     * @throws ApplicationLoadException when the class is missing or the application cannot be had from it
     */
    public Application load(ClassLoader loader) throws ApplicationLoadException {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ApplicationLoadException("class " + className + " not found");
        } catch (LinkageError | RuntimeException e) {
            throw new ApplicationLoadException("class " + className + " failed to load: " + e, e);
        }
        return application(type);
    }

    /**
     * The application this spec names in {@code type}, a class the caller loaded (a server that
     * searches a class path of its own reports a missing class itself).
     *
     * @throws ApplicationLoadException when the constructor, field or method is missing, fails, or gives no application
     */
    public Application application(Class<?> type) throws ApplicationLoadException {
        Object app = member == null ? construct(type) : fromMember(type);
        if (!(app instanceof Application application)) {
            throw new ApplicationLoadException(this + " is a " + (app == null ? "null value" : app.getClass().getName())
                    + ", not a " + Application.class.getName());
        }
        return application;
    }

    /** The spec as written: {@code CLASS} or {@code CLASS:member}. */
    @Override
    public String toString() {
        return member == null ? className : className + ":" + member;
    }

    private static Object construct(Class<?> type) throws ApplicationLoadException {
        if (!Application.class.isAssignableFrom(type)) {
            throw new ApplicationLoadException("class " + type.getName() + " does not implement " + Application.class.getName());
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ApplicationLoadException("class " + type.getName() + " has no public no-arg constructor");
        } catch (InvocationTargetException e) {
            throw new ApplicationLoadException("constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ApplicationLoadException("cannot instantiate " + type.getName() + ": " + e, e);
        }
    }

    private Object fromMember(Class<?> type) throws ApplicationLoadException {
        String where = type.getName() + ":" + member;
        try {
            Field field = type.getField(member);
            if (Modifier.isStatic(field.getModifiers())) {
                return field.get(null);
            }
        } catch (NoSuchFieldException e) {
            // try a method below
        } catch (IllegalAccessException | RuntimeException | ExceptionInInitializerError e) {
            throw new ApplicationLoadException("cannot read " + where + ": " + e, e);
        }
        try {
            Method method = type.getMethod(member);
            if (Modifier.isStatic(method.getModifiers())) {
                return method.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            // fall through to the message below
        } catch (InvocationTargetException e) {
            throw new ApplicationLoadException(where + "() failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ApplicationLoadException("cannot call " + where + "(): " + e, e);
        }
        throw new ApplicationLoadException(where + " is not a static field or method (public, static, no arguments)");
    }
}
