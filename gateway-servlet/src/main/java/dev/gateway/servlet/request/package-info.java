/** Internal: the {@code HttpServletRequest} built from the environ, and what it parses (Servlet 6.1 chapter 3). */
package dev.gateway.servlet.request;
