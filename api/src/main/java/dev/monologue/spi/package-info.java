/**
 * The service-provider interface a transport implements ({@link dev.monologue.spi.TransportProvider}), found
 * through {@link java.util.ServiceLoader} by {@code Monologue.create}. For transport modules, not for users.
 */
package dev.monologue.spi;
