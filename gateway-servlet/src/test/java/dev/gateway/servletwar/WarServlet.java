package dev.gateway.servletwar;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The servlet WarTest packs into a WAR: tells which loader loaded it and reads a resource of the WAR. */
public class WarServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = getServletContext().getResourceAsStream("/index.html")) {
            response.getWriter().write(getClass().getClassLoader().getName() + " " + getInitParameter("mode") + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
