package dev.gateway.servlet.deploy;

import jakarta.servlet.ServletException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's error pages (Servlet 6.1 section 10.9.2), registered programmatically for now: by
 * status code, by exception type, and a default page for every error without a more specific one.
 */
public final class ErrorPages {

    private final Map<Integer, String> byStatus = new ConcurrentHashMap<>();
    private final Map<Class<? extends Throwable>, String> byType = new ConcurrentHashMap<>();
    private volatile String defaultPage;

    /** Maps {@code status} to the context-relative {@code location}. */
    public void add(int status, String location) {
        byStatus.put(status, checked(location));
    }

    /** Maps {@code type} (and its subclasses) to {@code location}. */
    public void add(Class<? extends Throwable> type, String location) {
        byType.put(type, checked(location));
    }

    /** Sets the page for errors no other page matches (Servlet 6.0 "default error page"). */
    public void setDefault(String location) {
        defaultPage = checked(location);
    }

    private static String checked(String location) {
        if (location == null || !location.startsWith("/")) {
            throw new IllegalArgumentException("an error page location starts with /: " + location);
        }
        return location;
    }

    /** The page for {@code status}, else the default page, else null. */
    public String forStatus(int status) {
        String page = byStatus.get(status);
        return page != null ? page : defaultPage;
    }

    /**
     * The page for {@code failure} (section 10.9.2): the closest match by class hierarchy; failing that,
     * the same for the root cause of a {@link ServletException} (unwrapped as the spec says); failing
     * that, the page for status 500, else the default page, else null.
     */
    public String forException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t instanceof ServletException ? t.getCause() : null) {
            String page = closest(t.getClass());
            if (page != null) {
                return page;
            }
        }
        return forStatus(500);
    }

    /** The exception that matched in {@link #forException}: the one whose page is used, for the error attributes. */
    public Throwable matched(Throwable failure) {
        for (Throwable t = failure; t != null; t = t instanceof ServletException ? t.getCause() : null) {
            if (closest(t.getClass()) != null) {
                return t;
            }
        }
        return failure;
    }

    private String closest(Class<?> type) {
        for (Class<?> c = type; c != null && Throwable.class.isAssignableFrom(c); c = c.getSuperclass()) {
            String page = byType.get(c);
            if (page != null) {
                return page;
            }
        }
        return null;
    }
}
