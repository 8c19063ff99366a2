package dev.gateway.servlet.deploy;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The filter mappings of the context, in the order that decides the chain (Servlet 6.1 section 6.2.4):
 * the order of registration, except that mappings added with {@code isMatchAfter == false} go before
 * every mapping added with {@code true} (with no deployment descriptor, "declared" mappings are the
 * ones added after).
 */
public final class FilterMappings {

    private final List<FilterMapping> mappings = new CopyOnWriteArrayList<>();
    private int before;

    synchronized void add(FilterMapping mapping, boolean isMatchAfter) {
        if (isMatchAfter) {
            mappings.add(mapping);
        } else {
            mappings.add(before++, mapping);
        }
    }

    List<FilterMapping> of(FilterHolder filter) {
        return mappings.stream().filter(m -> m.filter() == filter).toList();
    }

    /**
     * The filters of a dispatch, in chain order (section 6.2.4): first those whose url-pattern matches
     * {@code path}, then those mapped to {@code servletName}; each mapping contributes once.
     */
    public List<FilterHolder> chainFor(DispatcherType type, String path, String servletName) {
        List<FilterHolder> chain = new ArrayList<>();
        for (FilterMapping mapping : mappings) {
            if (mapping.matchesPath(type, path)) {
                chain.add(mapping.filter());
            }
        }
        for (FilterMapping mapping : mappings) {
            if (mapping.matchesServlet(type, servletName)) {
                chain.add(mapping.filter());
            }
        }
        return chain;
    }
}
