/**
 * Internal: request path canonicalization and the servlet mapping rules of Jakarta Servlet 6.1
 * chapter 12.
 */
package dev.gateway.servlet.mapping;
