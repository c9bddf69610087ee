package dev.monologue.runtime;

/**
 * The one place that names methods on the wire, used by the processor and by the dynamic proxy: a method travels
 * as {@code <service>.<method>} unless {@code @MonologueMethod} sets its name outright.
 */
public final class WireNames {
  private WireNames() {}

  /** The service's wire name: the annotation's value, or the interface's simple name when that is empty. */
  public static String serviceName(String annotationValue, String simpleName) {
    return annotationValue == null || annotationValue.isEmpty() ? simpleName : annotationValue;
  }

  /** The method's wire name: {@code methodOverride} when set, else {@code serviceName + "." + javaName}. */
  public static String methodName(String serviceName, String javaName, String methodOverride) {
    return methodOverride == null || methodOverride.isEmpty() ? serviceName + "." + javaName : methodOverride;
  }
}
