package dev.gateway.examples.tomcat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Servlets that meet bad input or fail, registered the same way on Tomcat and on gateway (a container
 * initializer): what each container answers is compared by {@link ServletFaultsOverHttpTest}.
 */
public final class FaultyApp implements ServletContainerInitializer {

    /** Answers {@code ok}: the application still serves after every fault. */
    public static final class Ok extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("ok");
        }
    }

    /** Reads the parts (at most 10 bytes a file) and answers how many there were. */
    public static final class Upload extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            response.getWriter().print(request.getParts().size() + " parts");
        }
    }

    /** Reads a form parameter. */
    public static final class Form extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("a=" + request.getParameter("a"));
        }
    }

    /** Its init throws a ServletException (retried by the next request). */
    public static final class InitFails extends HttpServlet {
        @Override
        public void init() throws ServletException {
            throw new ServletException("init fails on purpose");
        }
    }

    /** Its init says it is unavailable for a while. */
    public static final class InitUnavailable extends HttpServlet {
        @Override
        public void init() throws ServletException {
            throw new UnavailableException("unavailable on purpose", 60);
        }
    }

    /** Throws from its service method. */
    public static final class Throws extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            throw new IllegalStateException("fails on purpose");
        }
    }

    /** Goes asynchronous and never completes: its timeout (300 ms) must answer. */
    public static final class AsyncNever extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            AsyncContext async = request.startAsync();
            async.setTimeout(300);
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addServlet("ok", new Ok()).addMapping("/ok", "/stopped/*");
        ServletRegistration.Dynamic upload = context.addServlet("upload", new Upload());
        upload.addMapping("/upload");
        upload.setMultipartConfig(new MultipartConfigElement("", 10, 1_000, 0));
        context.addServlet("form", new Form()).addMapping("/form");
        context.addServlet("init-fails", InitFails.class).addMapping("/init-fails");
        context.addServlet("init-unavailable", InitUnavailable.class).addMapping("/init-unavailable");
        context.addServlet("throws", new Throws()).addMapping("/throws");
        ServletRegistration.Dynamic async = context.addServlet("async-never", new AsyncNever());
        async.addMapping("/async-never");
        async.setAsyncSupported(true);
        Filter stopper = (request, response, chain) -> { }; // never calls the chain, writes nothing
        FilterRegistration.Dynamic filter = context.addFilter("stopper", stopper);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/stopped/*");
    }
}
