package dev.gateway.servlet;

import dev.gateway.servlet.deploy.scan.Marker;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.Set;

/** Listed in META-INF/services: what {@link ServletApplication#fromClasspath()} finds and runs. */
@HandlesTypes(Marker.class)
public final class ServiceLoadedInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        String found = classes.stream().map(Class::getSimpleName).sorted().toList().toString();
        context.addServlet("discovered", Servlets.text("discovered " + found)).addMapping("/discovered");
    }
}
