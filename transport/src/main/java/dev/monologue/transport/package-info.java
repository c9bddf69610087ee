/**
 * The WebSocket client, registered for {@link java.util.ServiceLoader} as a
 * {@link dev.monologue.spi.TransportProvider}. Users depend on it at run time only and program against
 * {@code dev.monologue}; its public types are for Monologue's own modules and may change in any release. How the
 * client is split into parts: docs/architecture.md.
 */
package dev.monologue.transport;
