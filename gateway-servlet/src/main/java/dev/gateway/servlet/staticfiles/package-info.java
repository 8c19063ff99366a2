/**
 * The container's default servlet: the web application's static files (its resource base and the
 * {@code META-INF/resources/} of its jars) with validators, conditional requests and byte ranges
 * (RFC 9110 sections 8.8, 13 and 14), and zero-copy sending of plain files.
 */
package dev.gateway.servlet.staticfiles;
