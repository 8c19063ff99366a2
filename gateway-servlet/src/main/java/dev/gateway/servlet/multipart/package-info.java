/** Internal: {@code multipart/form-data} request bodies as {@code Part}s (Servlet 6.1 section 3.2, RFC 7578). */
package dev.gateway.servlet.multipart;
