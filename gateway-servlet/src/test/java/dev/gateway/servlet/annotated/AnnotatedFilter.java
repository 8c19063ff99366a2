package dev.gateway.servlet.annotated;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import java.io.IOException;

/** Registered by its annotation, for the annotated servlet by name. */
@WebFilter(servletNames = "annotated")
public class AnnotatedFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        request.setAttribute("annotated.filter", "filtered");
        chain.doFilter(request, response);
    }
}
