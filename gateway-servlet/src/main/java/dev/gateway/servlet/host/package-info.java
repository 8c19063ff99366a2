/**
 * The other direction of the bridge: a gateway {@link dev.gateway.spi.Application} hosted by a Servlet
 * container (Tomcat, Jetty, any Jakarta Servlet 6 container), as a WSGI application runs under
 * mod_wsgi or uWSGI unchanged. {@link dev.gateway.servlet.host.GatewayServlet} serves one application;
 * {@link dev.gateway.servlet.host.GatewayInitializer} registers it in a WAR that names its application
 * in {@code WEB-INF/gateway.properties}, with no {@code web.xml}. The environ comes from the contract's
 * one {@code EnvironBuilder}, the call loop is the contract's {@code ApplicationCall}. See
 * docs/deployment.md, "Run on Tomcat or Jetty", and docs/spec.md, "Servlet containers as hosts".
 *
 * <p>This package uses nothing else of the bridge: it depends on the contract and the Servlet API only.
 */
package dev.gateway.servlet.host;
