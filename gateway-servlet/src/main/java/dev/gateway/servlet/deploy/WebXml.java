package dev.gateway.servlet.deploy;

import static dev.gateway.servlet.deploy.XmlElements.children;
import static dev.gateway.servlet.deploy.XmlElements.text;
import static dev.gateway.servlet.deploy.XmlElements.texts;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A {@code web.xml} deployment descriptor (Servlet 6.1 chapter 14), registered as declared components
 * are: context parameters, listeners, servlets with their mappings (init parameters, load-on-startup,
 * async-supported, multipart-config), filters with their mappings (url-patterns or servlet names,
 * dispatcher types), error pages, session configuration and the default character encodings.
 *
 * <p>A descriptor with {@code security-constraint} or {@code login-config} is refused: security is not
 * implemented, and serving the application unprotected would be worse than not serving it.
 * {@code welcome-file-list}, {@code mime-mapping}, {@code locale-encoding-mapping-list},
 * {@code jsp-config} and the JNDI elements are ignored.
 */
public final class WebXml {

    private final Element root;

    private WebXml(Element root) {
        this.root = root;
    }

    /**
     * Parses a descriptor. No DTD or schema is loaded and no external entity resolved.
     *
     * @throws IOException for an unreadable or malformed document
     */
    public static WebXml read(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
            if (!"web-app".equals(XmlElements.localName(root))) {
                throw new IOException("not a web.xml: the root element is " + root.getTagName());
            }
            return new WebXml(root);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse web.xml: " + e.getMessage(), e);
        }
    }

    /** Registers everything the descriptor declares with {@code context} (which is being initialized). */
    public void apply(GatewayServletContext context) {
        refuseSecurity();
        for (Element param : children(root, "context-param")) {
            context.setInitParameter(text(param, "param-name"), text(param, "param-value"));
        }
        encodings(context);
        for (Element listener : children(root, "listener")) {
            context.addListener(text(listener, "listener-class"));
        }
        children(root, "servlet").forEach(servlet -> servlet(context, servlet));
        for (Element mapping : children(root, "servlet-mapping")) {
            servletMapping(context, mapping);
        }
        children(root, "filter").forEach(filter -> filter(context, filter));
        for (Element mapping : children(root, "filter-mapping")) {
            filterMapping(context, mapping);
        }
        children(root, "error-page").forEach(page -> errorPage(context, page));
        children(root, "session-config").forEach(config -> sessionConfig(context, config));
    }

    /** The {@code display-name}, or null. */
    public String displayName() {
        return text(root, "display-name");
    }

    private void refuseSecurity() {
        if (!children(root, "security-constraint").isEmpty() || !children(root, "login-config").isEmpty()) {
            throw new IllegalArgumentException("web.xml declares security-constraint or login-config, which"
                    + " gateway-servlet does not implement yet: refusing to serve the application unprotected");
        }
    }

    private void encodings(GatewayServletContext context) {
        String request = text(root, "request-character-encoding");
        if (request != null) {
            context.setRequestCharacterEncoding(request);
        }
        String response = text(root, "response-character-encoding");
        if (response != null) {
            context.setResponseCharacterEncoding(response);
        }
    }

    private static void servlet(GatewayServletContext context, Element servlet) {
        String name = text(servlet, "servlet-name");
        String className = text(servlet, "servlet-class");
        if (className == null) {
            throw new IllegalArgumentException("servlet " + name + " has no servlet-class (JSP files are not supported)");
        }
        ServletRegistration.Dynamic registration = context.addServlet(name, className);
        if (registration == null) {
            throw new IllegalArgumentException("servlet " + name + " is declared twice");
        }
        for (Element param : children(servlet, "init-param")) {
            registration.setInitParameter(text(param, "param-name"), text(param, "param-value"));
        }
        String loadOnStartup = text(servlet, "load-on-startup");
        if (loadOnStartup != null) {
            // Section 14: an empty load-on-startup means "at some point during deployment", as zero.
            registration.setLoadOnStartup(loadOnStartup.isEmpty() ? 0 : Integer.parseInt(loadOnStartup));
        }
        registration.setAsyncSupported(Boolean.parseBoolean(text(servlet, "async-supported")));
        children(servlet, "multipart-config").forEach(config -> registration.setMultipartConfig(multipart(config)));
    }

    private static MultipartConfigElement multipart(Element config) {
        String location = text(config, "location");
        return new MultipartConfigElement(location == null ? "" : location, number(config, "max-file-size", -1),
                number(config, "max-request-size", -1), (int) number(config, "file-size-threshold", 0));
    }

    private static long number(Element parent, String name, long fallback) {
        String value = text(parent, name);
        return value == null || value.isEmpty() ? fallback : Long.parseLong(value);
    }

    private static void servletMapping(GatewayServletContext context, Element mapping) {
        String name = text(mapping, "servlet-name");
        ServletRegistration registration = context.getServletRegistration(name);
        if (registration == null) {
            throw new IllegalArgumentException("servlet-mapping names an unknown servlet: " + name);
        }
        Set<String> conflicts = registration.addMapping(texts(mapping, "url-pattern").toArray(String[]::new));
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("url-patterns mapped to two servlets: " + conflicts);
        }
    }

    private static void filter(GatewayServletContext context, Element filter) {
        String name = text(filter, "filter-name");
        FilterRegistration.Dynamic registration = context.addFilter(name, text(filter, "filter-class"));
        if (registration == null) {
            throw new IllegalArgumentException("filter " + name + " is declared twice");
        }
        for (Element param : children(filter, "init-param")) {
            registration.setInitParameter(text(param, "param-name"), text(param, "param-value"));
        }
        registration.setAsyncSupported(Boolean.parseBoolean(text(filter, "async-supported")));
    }

    private static void filterMapping(GatewayServletContext context, Element mapping) {
        String name = text(mapping, "filter-name");
        FilterRegistration registration = context.getFilterRegistration(name);
        if (registration == null) {
            throw new IllegalArgumentException("filter-mapping names an unknown filter: " + name);
        }
        EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        texts(mapping, "dispatcher").forEach(type -> types.add(DispatcherType.valueOf(type.toUpperCase(Locale.ROOT))));
        List<String> patterns = texts(mapping, "url-pattern");
        if (!patterns.isEmpty()) {
            registration.addMappingForUrlPatterns(types, true, patterns.toArray(String[]::new));
        }
        List<String> servlets = texts(mapping, "servlet-name");
        if (!servlets.isEmpty()) {
            registration.addMappingForServletNames(types, true, servlets.toArray(String[]::new));
        }
    }

    private static void errorPage(GatewayServletContext context, Element page) {
        String location = text(page, "location");
        String code = text(page, "error-code");
        String type = text(page, "exception-type");
        if (code != null) {
            context.errorPages().add(Integer.parseInt(code), location);
        } else if (type != null) {
            context.errorPages().add(exceptionClass(context, type), location);
        } else {
            context.errorPages().setDefault(location);
        }
    }

    private static Class<? extends Throwable> exceptionClass(GatewayServletContext context, String name) {
        try {
            return Class.forName(name, false, context.getClassLoader()).asSubclass(Throwable.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("error-page exception-type is not a Throwable class: " + name, e);
        }
    }

    private static void sessionConfig(GatewayServletContext context, Element config) {
        String timeout = text(config, "session-timeout");
        if (timeout != null) {
            context.setSessionTimeout(Integer.parseInt(timeout));
        }
        for (Element cookie : children(config, "cookie-config")) {
            cookieConfig(context.getSessionCookieConfig(), cookie);
        }
    }

    private static void cookieConfig(SessionCookieConfig config, Element cookie) {
        String name = text(cookie, "name");
        if (name != null) {
            config.setName(name);
        }
        String path = text(cookie, "path");
        if (path != null) {
            config.setPath(path);
        }
        String domain = text(cookie, "domain");
        if (domain != null) {
            config.setDomain(domain);
        }
        String httpOnly = text(cookie, "http-only");
        if (httpOnly != null) {
            config.setHttpOnly(Boolean.parseBoolean(httpOnly));
        }
        String secure = text(cookie, "secure");
        if (secure != null) {
            config.setSecure(Boolean.parseBoolean(secure));
        }
        String maxAge = text(cookie, "max-age");
        if (maxAge != null) {
            config.setMaxAge(Integer.parseInt(maxAge));
        }
        for (Element attribute : children(cookie, "attribute")) {
            config.setAttribute(text(attribute, "attribute-name"), text(attribute, "attribute-value"));
        }
    }
}
