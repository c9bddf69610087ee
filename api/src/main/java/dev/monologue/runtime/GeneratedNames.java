package dev.monologue.runtime;

import java.util.List;

/**
 * The one place that names generated classes, used both by the processor that writes them and by the runtime
 * that looks them up. A service {@code com.acme.Outer.Greeter} gets {@code com.acme.Outer_Greeter_MonologueStub}
 * and {@code com.acme.Outer_Greeter_MonologueSkeleton}; an underscore inside a simple name is doubled, so nested
 * and top-level names never collide.
 */
public final class GeneratedNames {
  /** What a generated stub's simple name ends with. */
  public static final String STUB_SUFFIX = "_MonologueStub";
  /** What a generated skeleton's simple name ends with. */
  public static final String SKELETON_SUFFIX = "_MonologueSkeleton";

  private GeneratedNames() {}

  /** The flattened simple name for the nesting chain {@code simpleNames} (outermost first). */
  public static String flatName(List<String> simpleNames) {
    StringBuilder sb = new StringBuilder();
    for (String name : simpleNames) {
      if (sb.length() > 0) {
        sb.append('_');
      }
      sb.append(name.replace("_", "__"));
    }
    return sb.toString();
  }

  /** The binary name of the generated stub of {@code service}. */
  public static String stubBinaryName(Class<?> service) {
    return binaryName(service, STUB_SUFFIX);
  }

  /** The binary name of the generated skeleton of {@code service}. */
  public static String skeletonBinaryName(Class<?> service) {
    return binaryName(service, SKELETON_SUFFIX);
  }

  private static String binaryName(Class<?> service, String suffix) {
    java.util.ArrayDeque<String> chain = new java.util.ArrayDeque<>();
    for (Class<?> c = service; c != null; c = c.getEnclosingClass()) {
      chain.addFirst(c.getSimpleName());
    }
    String pkg = service.getPackageName();
    String flat = flatName(List.copyOf(chain)) + suffix;
    return pkg.isEmpty() ? flat : pkg + "." + flat;
  }
}
