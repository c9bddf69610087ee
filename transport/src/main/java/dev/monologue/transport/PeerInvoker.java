package dev.monologue.transport;

import dev.monologue.CallOptions;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends the calls of one stub to one peer. Blocking methods wait on a future the socket's reader thread completes
 * directly (no hand-off between the reply and the caller waking); asynchronous ones get a {@link CallFuture}, which
 * a blocked caller completes itself and the client's callback executor completes otherwise.
 *
 * <p>A failure thrown to a blocked caller was created on another thread; its stack trace is refilled on the
 * caller's thread before it is thrown, so it shows where the call was made.
 */
final class PeerInvoker implements RemoteInvoker {
  private static final Object[] NO_ARGS = {};

  private final CallSender sender;
  private final Executor callbackExecutor;
  private final String peer;
  /** The options of every call, or null. */
  private final CallOptions options;

  PeerInvoker(CallSender sender, Executor callbackExecutor, String peer) {
    this(sender, callbackExecutor, peer, null);
  }

  PeerInvoker(CallSender sender, Executor callbackExecutor, String peer, CallOptions options) {
    this.sender = sender;
    this.callbackExecutor = callbackExecutor;
    this.peer = peer;
    this.options = options;
  }

  String peer() {
    return peer;
  }

  @Override
  public Object invoke(MethodDescriptor method, Object[] args) {
    Objects.requireNonNull(method, "method == null");
    Object[] values = args == null ? NO_ARGS : args;
    switch (method.returnKind()) {
      case VALUE:
      case VOID: {
        CompletableFuture<Object> reply = sender.send(peer, method.wireName(), values, method.parameterTypes(),
            method.resultType(), options);
        Object result = awaitOrThrow(reply, method);
        return method.returnKind() == dev.monologue.runtime.ReturnKind.VOID ? null : result;
      }
      case FUTURE:
      case STAGE: {
        CompletableFuture<Object> reply = sender.send(peer, method.wireName(), values, method.parameterTypes(),
            method.resultType(), options);
        // Declared exceptions are instantiated on the thread that completes the future, never the reader.
        return CallFuture.of(reply, callbackExecutor,
            error -> DeclaredExceptions.map(DeclaredExceptions.unwrap(error), method));
      }
      default:
        throw new IllegalArgumentException("Unknown return kind " + method.returnKind() + " of " + method.javaName());
    }
  }

  private Object awaitOrThrow(CompletableFuture<Object> reply, MethodDescriptor method) {
    try {
      return sender.await(reply, method.wireName(), peer, options);
    } catch (RuntimeException e) {
      Throwable mapped = DeclaredExceptions.map(e, method);
      if (mapped == e) {
        e.fillInStackTrace();
        throw e;
      }
      throw DeclaredExceptions.sneakyThrow(mapped);
    }
  }
}
