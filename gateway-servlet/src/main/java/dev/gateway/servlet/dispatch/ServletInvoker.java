package dev.gateway.servlet.dispatch;

import dev.gateway.servlet.async.AsyncControl;
import dev.gateway.servlet.deploy.FilterHolder;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.ServletHolder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Runs one dispatch: builds the filter chain for the dispatcher type, the path and the servlet (section
 * 6.2.4), marks whether the dispatch may go async (section 2.3.3.3: only when the servlet and every filter
 * support it), and calls the chain.
 */
public final class ServletInvoker {

    private ServletInvoker() {
    }

    /**
     * @param path the context-relative path of the dispatch (servlet path + path info), for url-pattern filters
     */
    public static void invoke(GatewayServletContext context, AsyncControl async, DispatcherType type, String path,
                              ServletHolder servlet, ServletRequest request, ServletResponse response)
            throws IOException, ServletException {
        List<FilterHolder> filters = context.filterMappings().chainFor(type, path, servlet.getName());
        boolean supported = servlet.isAsyncSupported() && filters.stream().allMatch(FilterHolder::isAsyncSupported);
        boolean previous = async.isSupported();
        async.setSupported(supported);
        try {
            new GatewayFilterChain(filters, servlet).doFilter(request, response);
        } finally {
            async.setSupported(previous);
        }
    }
}
