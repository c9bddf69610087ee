package dev.monologue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose abstract methods can be called on a remote machine. Each method travels under the wire
 * name {@code <service>.<method>}, where the service name is {@link #value()} or, when empty, the interface's
 * simple name. {@link MonologueMethod} sets a method's wire name outright.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MonologueService {
  /** The service's wire name; the interface's simple name when empty. */
  String value() default "";
}
