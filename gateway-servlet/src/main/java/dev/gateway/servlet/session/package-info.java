/**
 * Sessions (Servlet 6.1 chapter 7): in memory by default, with the {@link dev.gateway.servlet.session.SessionStore}
 * interface for a shared store; tracked by the {@code JSESSIONID} cookie.
 */
package dev.gateway.servlet.session;
