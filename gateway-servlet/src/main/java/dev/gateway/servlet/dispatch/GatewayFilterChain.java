package dev.gateway.servlet.dispatch;

import dev.gateway.servlet.deploy.FilterHolder;
import dev.gateway.servlet.deploy.ServletHolder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The filters of one dispatch, in order, ending at the servlet (Servlet 6.1 section 6.2.1): each
 * {@code doFilter} passes to the next filter, and the last to {@code Servlet.service}.
 */
final class GatewayFilterChain implements FilterChain {

    private final List<FilterHolder> filters;
    private final ServletHolder servlet;
    private int next;

    GatewayFilterChain(List<FilterHolder> filters, ServletHolder servlet) {
        this.filters = filters;
        this.servlet = servlet;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        if (next < filters.size()) {
            filters.get(next++).filter().doFilter(request, response, this);
        } else {
            servlet.servlet().service(request, response);
        }
    }
}
