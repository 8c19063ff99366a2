/** Internal: the {@code HttpServletResponse}, its buffer and how it commits through {@code start()} (Servlet 6.1 chapter 5). */
package dev.gateway.servlet.response;
