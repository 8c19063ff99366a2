package dev.gateway.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Small servlets for the tests. */
final class Servlets {

    private Servlets() {
    }

    /** A servlet body as a lambda. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    /** A servlet that runs {@code handler} for every method. */
    static HttpServlet of(Handler handler) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
                try {
                    handler.handle(request, response);
                } catch (IOException | ServletException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A servlet that writes {@code text} as text/plain UTF-8. */
    static HttpServlet text(String text) {
        return of((request, response) -> {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(text);
        });
    }

    /** A servlet that describes how it was reached: dispatcher type, servlet path, path info, mapping. */
    static HttpServlet describe(String name) {
        return of((request, response) -> {
            response.setContentType("text/plain;charset=UTF-8");
            var mapping = request.getHttpServletMapping();
            response.getWriter().write(name + " " + request.getDispatcherType() + " sp=" + request.getServletPath()
                    + " pi=" + request.getPathInfo() + " uri=" + request.getRequestURI()
                    + " match=" + mapping.getMappingMatch() + ":" + mapping.getMatchValue() + ":" + mapping.getPattern());
        });
    }
}
