/**
 * The WebSocket client, registered for {@link java.util.ServiceLoader} as a
 * {@link dev.monologue.spi.TransportProvider}. Users depend on it at run time only and program against
 * {@code dev.monologue}; its one public type, {@link dev.monologue.transport.WebSocketTransportProvider}, is public
 * for {@code ServiceLoader} (and for code that wants this transport by name). How the client is split into parts:
 * docs/architecture.md.
 */
package dev.monologue.transport;
