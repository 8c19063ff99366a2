package dev.gateway.servlet.annotated;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Registered by its annotation. */
@WebListener
public class AnnotatedListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute("annotated.listener", "heard");
    }
}
