package dev.monologue.spring;

import dev.monologue.MonologueOptions;

/**
 * Changes the options of the application's {@code Monologue} client after the {@code monologue.*} properties are
 * applied and before the environment and {@code .monologuerc} fill what is still unset: for what properties cannot
 * say, such as {@code sslContext}, interceptors or {@code objectMapper}. Declare one or more as beans; they run in
 * {@code @Order}.
 */
@FunctionalInterface
public interface MonologueOptionsCustomizer {
  void customize(MonologueOptions.Builder options);
}
