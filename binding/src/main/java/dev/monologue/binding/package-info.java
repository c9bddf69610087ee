/**
 * The typed binding: stubs and skeletons of {@code @MonologueService} interfaces, generated ones when the processor
 * ran, else a dynamic proxy and a reflective skeleton built from the same descriptors. Knows nothing of sockets: it
 * calls through a {@link dev.monologue.runtime.RemoteInvoker}, so any transport can use it. Its one public type,
 * {@link dev.monologue.binding.ServiceBindings}, is for transports: Monologue's transports depend on it, users do
 * not (they choose the proxy with {@code MonologueOptions.generatedClasses(false)}).
 */
package dev.monologue.binding;
