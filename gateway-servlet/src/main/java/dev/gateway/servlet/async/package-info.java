/** Internal: asynchronous processing (Servlet 6.1 section 2.3.3.3), blocking the request's worker thread until complete. */
package dev.gateway.servlet.async;
