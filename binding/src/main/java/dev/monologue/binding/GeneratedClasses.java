package dev.monologue.binding;

import dev.monologue.runtime.GeneratedNames;
import dev.monologue.runtime.GeneratedStub;
import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated stub and skeleton of one service, if the processor wrote them: looked up once per interface, with
 * their constructors kept as method handles.
 */
final class GeneratedClasses {
  private static final Logger log = LoggerFactory.getLogger(GeneratedClasses.class);

  private static final ClassValue<GeneratedClasses> CACHE = new ClassValue<>() {
    @Override
    protected GeneratedClasses computeValue(Class<?> service) {
      return lookUp(service);
    }
  };

  private final MethodHandle stubConstructor; // (RemoteInvoker)Object, or null
  private final MethodHandle skeletonConstructor; // (Object)ServiceSkeleton, or null

  private GeneratedClasses(MethodHandle stubConstructor, MethodHandle skeletonConstructor) {
    this.stubConstructor = stubConstructor;
    this.skeletonConstructor = skeletonConstructor;
  }

  static GeneratedClasses of(Class<?> service) {
    return CACHE.get(service);
  }

  boolean hasStub() {
    return stubConstructor != null;
  }

  boolean hasSkeleton() {
    return skeletonConstructor != null;
  }

  Object newStub(RemoteInvoker invoker) {
    try {
      return (Object) stubConstructor.invokeExact(invoker);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("The generated stub could not be created: " + t, t);
    }
  }

  ServiceSkeleton newSkeleton(Object implementation) {
    try {
      return (ServiceSkeleton) skeletonConstructor.invokeExact(implementation);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("The generated skeleton could not be created: " + t, t);
    }
  }

  private static GeneratedClasses lookUp(Class<?> service) {
    MethodHandle stub = constructor(service, GeneratedNames.stubBinaryName(service), RemoteInvoker.class,
        GeneratedStub.class);
    MethodHandle skeleton = constructor(service, GeneratedNames.skeletonBinaryName(service), service,
        ServiceSkeleton.class);
    log.debug("{}: generated stub {}, generated skeleton {}", service.getName(),
        stub == null ? "absent" : "found", skeleton == null ? "absent" : "found");
    return new GeneratedClasses(
        stub == null ? null : stub.asType(MethodType.methodType(Object.class, RemoteInvoker.class)),
        skeleton == null ? null : skeleton.asType(MethodType.methodType(ServiceSkeleton.class, Object.class)));
  }

  /** The public constructor of the generated class {@code name}, or null when it is absent or unusable. */
  private static MethodHandle constructor(Class<?> service, String name, Class<?> parameter, Class<?> marker) {
    ClassLoader loader = service.getClassLoader();
    Class<?> generated;
    try {
      generated = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    if (!marker.isAssignableFrom(generated)
        || (marker == GeneratedStub.class && !service.isAssignableFrom(generated))) {
      log.warn("{} does not look generated for {}; using the reflective fallback", name, service.getName());
      return null;
    }
    try {
      return MethodHandles.publicLookup()
          .findConstructor(generated, MethodType.methodType(void.class, parameter));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      log.warn("The constructor of {} cannot be used ({}); using the reflective fallback", name, e.toString());
      return null;
    }
  }
}
