package dev.gateway.servlet.annotated;

import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Registered by its annotation when fromClasspath() scans the class path. */
@WebServlet(name = "annotated", urlPatterns = "/annotated/*", initParams = @WebInitParam(name = "p", value = "v"))
@MultipartConfig(maxFileSize = 1000)
public class AnnotatedServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write("annotated " + getInitParameter("p") + " " + request.getAttribute("annotated.filter")
                + " " + getServletContext().getAttribute("annotated.listener"));
    }
}
