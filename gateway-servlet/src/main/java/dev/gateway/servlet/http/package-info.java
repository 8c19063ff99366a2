/** Internal: HTTP syntax the request and response share: media types, dates, form encoding, client errors. */
package dev.gateway.servlet.http;
