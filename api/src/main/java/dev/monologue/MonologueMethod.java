package dev.monologue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the exact wire name of a method of a {@link MonologueService}, for example to describe an existing
 * string-named method such as {@code "sample-method"}. The name is used as is, without the service prefix.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MonologueMethod {
  /** The name the method has on the wire. */
  String value();
}
