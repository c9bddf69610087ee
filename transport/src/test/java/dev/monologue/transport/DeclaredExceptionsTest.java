package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.monologue.RemoteFailureException;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DeclaredExceptionsTest {
  public static final class NoArgException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoArgException() {
      super("fixed");
    }
  }

  public static final class UnbuildableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnbuildableException(int code) {
      super("code " + code);
    }
  }

  private static MethodDescriptor method(List<Class<? extends Throwable>> declared) {
    return new MethodDescriptor("Files.read", "read", List.of(String.class), String.class, ReturnKind.VALUE,
        declared);
  }

  private static RemoteFailureException failed(String type, String message) {
    return new RemoteFailureException("Files.read", "peer=", RemoteFailureException.HANDLER_FAILED, type, message);
  }

  @Test
  void declaredTypeIsRebuiltWithTheRemoteMessageAndTheFailureAsCause() {
    RemoteFailureException remote = failed("java.io.IOException", "disk full");
    Throwable mapped = DeclaredExceptions.map(remote, method(List.of(IllegalStateException.class, IOException.class)));
    assertInstanceOf(IOException.class, mapped);
    assertEquals("disk full", mapped.getMessage());
    assertSame(remote, mapped.getCause());
  }

  @Test
  void noArgumentConstructorIsTheFallback() {
    Throwable mapped = DeclaredExceptions.map(failed(NoArgException.class.getName(), "ignored"),
        method(List.of(NoArgException.class)));
    assertInstanceOf(NoArgException.class, mapped);
  }

  @Test
  void typeWithoutUsableConstructorStaysARemoteFailure() {
    RemoteFailureException remote = failed(UnbuildableException.class.getName(), "x");
    assertSame(remote, DeclaredExceptions.map(remote, method(List.of(UnbuildableException.class))));
  }

  @Test
  void undeclaredTypeIsNeverInstantiated() {
    RemoteFailureException remote = failed("java.io.FileNotFoundException", "nope");
    assertSame(remote, DeclaredExceptions.map(remote, method(List.of(IOException.class))));
    RemoteFailureException badArgs = new RemoteFailureException("Files.read", "p",
        RemoteFailureException.BAD_ARGUMENTS, "java.io.IOException", "x");
    assertSame(badArgs, DeclaredExceptions.map(badArgs, method(List.of(IOException.class))));
  }

  @Test
  void unwrapRemovesReflectionAndFutureWrappers() {
    IOException root = new IOException("root");
    assertSame(root, DeclaredExceptions.unwrap(new CompletionException(new InvocationTargetException(root))));
  }

  @Test
  void sneakyThrowThrowsCheckedExceptionsUnchanged() {
    IOException checked = new IOException("checked");
    IOException thrown = assertThrows(IOException.class, () -> {
      throw DeclaredExceptions.sneakyThrow(checked);
    });
    assertSame(checked, thrown);
  }
}
