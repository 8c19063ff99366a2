package dev.gateway.servlet.response;

import dev.gateway.spi.Header;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The headers the application set, in order, names compared without case (Servlet 6.1 section 5.3).
 * {@code Content-Type} and {@code Content-Length} are not kept here: the response holds them as
 * properties and adds them when it commits.
 */
final class ResponseHeaders {

    private final List<Header> headers = new ArrayList<>();

    /** Replaces every value of {@code name} by {@code value}; a null value removes the header. */
    void set(String name, String value) {
        int index = indexOf(name);
        remove(name);
        if (value != null) {
            headers.add(index < 0 ? headers.size() : Math.min(index, headers.size()), new Header(name, value));
        }
    }

    void add(String name, String value) {
        headers.add(new Header(name, value));
    }

    void remove(String name) {
        headers.removeIf(h -> h.name().equalsIgnoreCase(name));
    }

    boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    String get(String name) {
        return Header.firstValue(headers, name);
    }

    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                values.add(header.value());
            }
        }
        return values;
    }

    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        headers.forEach(h -> names.add(h.name()));
        return names;
    }

    /** Drops every header but those named in {@code keep} (any case). */
    void retainOnly(Set<String> keep) {
        for (Iterator<Header> it = headers.iterator(); it.hasNext(); ) {
            String name = it.next().name();
            if (keep.stream().noneMatch(name::equalsIgnoreCase)) {
                it.remove();
            }
        }
    }

    void clear() {
        headers.clear();
    }

    List<Header> list() {
        return headers;
    }

    private int indexOf(String name) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
