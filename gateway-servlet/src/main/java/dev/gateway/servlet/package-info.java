/**
 * Runs Jakarta Servlet 6.1 web applications as gateway applications: {@link dev.gateway.servlet.ServletApplication}
 * (built with {@link dev.gateway.servlet.ServletApplicationBuilder} or found with
 * {@link dev.gateway.servlet.ServletApplication#fromClasspath()}). See docs/servlet.md.
 *
 * <p>Logging: the module depends on no logging library. A failure while serving a request goes to that
 * request's {@code gateway.errors} (in gateway-server, the {@code gateway.error} log);
 * {@code ServletContext.log} goes to java.util.logging, logger {@code dev.gateway.servlet}.
 */
package dev.gateway.servlet;
