package dev.monologue.transport;

import dev.monologue.RemoteFailureException;
import dev.monologue.runtime.MethodDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a remote {@code HANDLER_FAILED} back into the exception type the interface method declares. Only the
 * method's declared classes are compared with the remote's type name and instantiated; nothing named by a remote
 * is ever loaded.
 */
final class DeclaredExceptions {
  private DeclaredExceptions() {}

  /**
   * A new instance of the declared exception class named by {@code failure.remoteType()} (message from the remote,
   * {@code failure} as its cause when it has none), or {@code failure} itself when no declared class matches or
   * the match has neither a {@code (String)} nor a no-argument public constructor.
   */
  static Throwable map(Throwable failure, MethodDescriptor method) {
    if (!(failure instanceof RemoteFailureException remote)
        || !RemoteFailureException.HANDLER_FAILED.equals(remote.code()) || remote.remoteType() == null) {
      return failure;
    }
    for (Class<? extends Throwable> declared : method.declaredExceptions()) {
      if (declared.getName().equals(remote.remoteType())) {
        Throwable instance = instantiate(declared, remote.remoteMessage());
        if (instance == null) {
          return failure;
        }
        try {
          instance.initCause(remote);
        } catch (IllegalStateException | IllegalArgumentException alreadySet) {
          instance.addSuppressed(remote);
        }
        return instance;
      }
    }
    return failure;
  }

  private static Throwable instantiate(Class<? extends Throwable> type, String message) {
    try {
      Constructor<? extends Throwable> withMessage = type.getConstructor(String.class);
      return withMessage.newInstance(message);
    } catch (NoSuchMethodException e) {
      // fall back to the no-argument constructor
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The exception a handler really threw, without the wrappers reflection and futures add. */
  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof InvocationTargetException || current instanceof CompletionException
        || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Throws {@code t} even when it is checked; the declared return type lets callers write {@code throw}. */
  static RuntimeException sneakyThrow(Throwable t) {
    throw DeclaredExceptions.<RuntimeException>rethrow(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T rethrow(Throwable t) throws T {
    throw (T) t;
  }
}
