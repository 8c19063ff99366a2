package dev.gateway.servlet.deploy;

import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's event listeners by type (Servlet 6.1 chapter 11). One object implementing several
 * listener interfaces is registered under each. Listeners are notified in registration order, and
 * the destruction events ({@code contextDestroyed}) in reverse order (section 11.3.2: "in reverse
 * order to their declarations").
 */
public final class Listeners {

    /** The listener interfaces {@code ServletContext.addListener} accepts (section 4.4.3.5 and 11.2). */
    static final List<Class<? extends EventListener>> TYPES = List.of(ServletContextListener.class,
            ServletContextAttributeListener.class, ServletRequestListener.class, ServletRequestAttributeListener.class,
            HttpSessionListener.class, HttpSessionAttributeListener.class, HttpSessionIdListener.class);

    private final List<EventListener> all = new CopyOnWriteArrayList<>();

    /** True when {@code listener} implements one of the supported listener interfaces. */
    static boolean isSupported(Class<?> type) {
        return TYPES.stream().anyMatch(t -> t.isAssignableFrom(type));
    }

    void add(EventListener listener) {
        all.add(listener);
    }

    /** Calls {@code action} on every listener of {@code type}, in registration order. */
    public <T extends EventListener> void fire(Class<T> type, Consumer<T> action) {
        for (EventListener listener : all) {
            if (type.isInstance(listener)) {
                action.accept(type.cast(listener));
            }
        }
    }

    /** Calls {@code action} on every listener of {@code type}, in reverse registration order. */
    public <T extends EventListener> void fireReversed(Class<T> type, Consumer<T> action) {
        List<EventListener> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        for (EventListener listener : reversed) {
            if (type.isInstance(listener)) {
                action.accept(type.cast(listener));
            }
        }
    }

    /** True when some listener is of {@code type}: callers skip building events nobody hears. */
    public boolean any(Class<? extends EventListener> type) {
        for (EventListener listener : all) {
            if (type.isInstance(listener)) {
                return true;
            }
        }
        return false;
    }
}
