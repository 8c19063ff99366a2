/**
 * The server side of the contract, as reusable code: the environ builder and the response rules that
 * every server of this SPI applies (gateway-server over sockets, {@code dev.gateway.spi.testing} in
 * process). One implementation for one job, so both sides build the same environ and refuse the same
 * responses.
 */
package dev.gateway.spi.server;
