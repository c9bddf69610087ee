/**
 * Monologue for Spring Boot 4.0 and 3.5: {@link dev.monologue.spring.MonologueAutoConfiguration} makes the
 * application's client; see the module's README.
 */
package dev.monologue.spring;
