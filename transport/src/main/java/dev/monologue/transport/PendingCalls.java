package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.PeerBusyException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.PayloadType;
import dev.monologue.wire.Fields;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls waiting for replies, by token, in the client's one table of pending exchanges
 * ({@link PendingExchanges}), which times them out. Every path that resolves a call (reply, failure, relay error,
 * timeout, connection closed, cancel) first removes it, so each call resolves once and nothing is left behind.
 */
final class PendingCalls {
  private static final Logger log = LoggerFactory.getLogger(PendingCalls.class);
  private final PeerWarnings warnings = new PeerWarnings(log);

  /** Every exchange waiting for an answer, calls among them. */
  private final PendingExchanges calls;
  private final JsonCodec codec;
  private final Duration timeout;
  /** Where replies to calls with interceptors complete (after the interceptors saw their trailers). */
  private final Executor callbackExecutor;
  /** Tells the callee of a cancelled call; no-op when none is set. */
  private final CancelNotices cancels;

  /** Tells a callee that a call it serves is cancelled. */
  interface CancelNotices {
    void cancelled(PendingCall call);
  }

  PendingCalls(PendingExchanges exchanges, JsonCodec codec, Duration timeout) {
    this(exchanges, codec, timeout, Runnable::run, call -> {});
  }

  PendingCalls(PendingExchanges exchanges, JsonCodec codec, Duration timeout, Executor callbackExecutor,
      CancelNotices cancels) {
    this.calls = exchanges;
    this.codec = codec;
    this.timeout = timeout;
    this.callbackExecutor = callbackExecutor;
    this.cancels = cancels;
  }

  /** Registers a call; the caller then sends the request. It fails with a timeout unless resolved in time. */
  PendingCall open(String token, String method, String peer, Type resultType, RelayLink connection) {
    return open(token, method, peer, resultType, connection, timeout.toNanos());
  }

  /** Like {@link #open(String, String, String, Type, RelayLink)}, timing out after {@code timeoutNanos}. */
  PendingCall open(String token, String method, String peer, Type resultType, RelayLink connection,
      long timeoutNanos) {
    return open(token, method, peer, resultType, connection, timeoutNanos, null);
  }

  /** Like the others, for a call with context {@code plan} (null: none), which its callee hears cancelled. */
  PendingCall open(String token, String method, String peer, Type resultType, RelayLink connection,
      long timeoutNanos, CallPlan plan) {
    long now = calls.nanoTime();
    PendingCall call = new PendingCall(token, method, peer, resultType, connection, now,
        now + Math.max(0, timeoutNanos), this, plan);
    calls.open(call); // fails it at once when the client is closing
    return call;
  }

  /** How many calls wait for replies. */
  int size() {
    return calls.count(PendingCall.class);
  }

  /** The client's table of pending exchanges, where the calls wait. */
  PendingExchanges exchanges() {
    return calls;
  }

  /** How many exchanges (calls, relay requests, fan-outs) wait for an answer on {@code connection}; probes aside. */
  int countOn(RelayLink connection) {
    int n = 0;
    for (PendingExchanges.Exchange e : calls.all()) {
      if (e.connection() == connection && !(e instanceof PeerProbes.Probe)) {
        n++;
      }
    }
    return n;
  }

  /** The calls sent before {@code nanoTime} (on the client's clock). */
  List<PendingCall> olderThan(long nanoTime) {
    List<PendingCall> old = new ArrayList<>();
    for (PendingExchanges.Exchange e : calls.all()) {
      if (e instanceof PendingCall call && call.startNanos - nanoTime < 0) {
        old.add(call);
      }
    }
    return old;
  }

  /** The call opened most recently among those still pending on {@code connection}, or null. */
  PendingCall newestOn(RelayLink connection) {
    PendingCall newest = null;
    for (PendingExchanges.Exchange e : calls.all()) {
      if (e instanceof PendingCall call && call.connection == connection
          && (newest == null || call.startNanos - newest.startNanos > 0)) {
        newest = call;
      }
    }
    return newest;
  }

  /** Fails {@code call} with {@code error} unless something else resolved it first; whether it did. */
  boolean fail(PendingCall call, RuntimeException error) {
    if (calls.remove(call)) {
      call.fail(error);
      return true;
    }
    return false;
  }

  /** Fails, at once, every call to {@code peer} that went out on {@code connection}; returns how many. */
  int failPeer(RelayLink connection, String peer, Function<PendingCall, RuntimeException> error) {
    int n = 0;
    for (PendingExchanges.Exchange e : calls.all()) {
      if (e instanceof PendingCall call && call.connection == connection && call.peer.equals(peer)
          && calls.remove(call)) {
        call.fail(error.apply(call));
        n++;
      }
    }
    return n;
  }

  /** A call cancelled by its caller: forgotten, and its callee told. */
  void forget(PendingCall call) {
    if (calls.remove(call)) {
      cancels.cancelled(call);
    }
  }

  /** The client is closing: the callees of the calls still pending are told they are cancelled. */
  void tellCalleesClosing() {
    for (PendingExchanges.Exchange e : calls.all()) {
      if (e instanceof PendingCall call) {
        cancels.cancelled(call);
      }
    }
  }

  /** The request could not be sent: fail the call with {@code error} unless something else resolved it. */
  void failToSend(PendingCall call, RuntimeException error) {
    if (calls.remove(call)) {
      call.fail(error);
    }
  }

  /** The table timed {@code call} out (it removed it first). */
  void timedOut(PendingCall call) {
    call.fail(new CallTimeoutException(call.method, call.peer, call.plan == null ? timeout : call.plan.timeout()));
  }

  /** The table dropped {@code call} (it removed it first): its connection closed, or the client is closing. */
  void dropped(PendingCall call, String reason) {
    call.fail(new ConnectionDroppedException(call.method, call.peer, reason));
  }

  /** The result type of the call waiting for the reply {@code token} from {@code from}, or null; it stays pending. */
  Type expectedResult(String from, String token) {
    return calls.get(token) instanceof PendingCall call
        && (call.peer.equals(from) || Addresses.answeredByAnyone(call.peer)) ? call.resultType : null;
  }

  /** An ACK; its result was decoded on the reader thread while reading the frame, or is decoded here. */
  void onAck(DeliveredFrames.Incoming ack) {
    onAck(ack, calls.get(ack.token()));
  }

  /** An ACK with the token of {@code waiting} (looked up by the dispatcher; null: nothing waits for it). */
  void onAck(DeliveredFrames.Incoming ack, PendingExchanges.Exchange waiting) {
    PendingCall call = claim(ack.from(), ack.token(), waiting, PayloadType.ACK.wire());
    if (call == null) {
      return;
    }
    Object value;
    if (ack.decoded() && ack.decodedAs() == call.resultType) {
      value = ack.ret();
    } else {
      try {
        value = codec.decode(ack.retNode(), call.resultType);
      } catch (Exception e) {
        resolve(call, null,
            new ReplyDecodingException(call.method, call.peer, JsonCodec.typeName(call.resultType), e), ack);
        return;
      }
    }
    resolve(call, value, null, ack);
  }

  /** An ERR from the peer called. */
  void onError(DeliveredFrames.Incoming err) {
    onError(err, calls.get(err.token()));
  }

  /** An ERR with the token of {@code waiting} (looked up by the dispatcher; null: nothing waits for it). */
  void onError(DeliveredFrames.Incoming err, PendingExchanges.Exchange waiting) {
    PendingCall call = claim(err.from(), err.token(), waiting, PayloadType.ERR.wire());
    if (call == null) {
      return;
    }
    JsonNode error = err.errorOrMissing();
    String code = error.path(Fields.CODE).asText("UNKNOWN");
    String message = error.path(Fields.MESSAGE).textValue();
    RuntimeException failure = ErrorCode.NO_SUCH_METHOD.wire().equals(code)
        ? new NoSuchRemoteMethodException(call.method, call.peer, message)
        : new RemoteFailureException(call.method, call.peer, code, error.path(Fields.REMOTE_TYPE).textValue(), message);
    resolve(call, null, failure, err);
  }

  /** Completes a call its peer answered; a call with context lets its interceptors see the trailers first. */
  private void resolve(PendingCall call, Object value, Throwable failure, DeliveredFrames.Incoming reply) {
    if (call.plan != null) {
      call.plan.complete(call, value, failure, reply.metadata(), callbackExecutor);
    } else if (failure != null) {
      call.fail(failure);
    } else {
      call.succeed(value);
    }
  }

  /**
   * An error frame from the relay ({@code from} = {@code $relay}) about a frame this client sent: fails the call
   * whose request it was, if any is still pending.
   */
  void onRelayError(DeliveredFrames.Incoming frame) {
    JsonNode error = frame.errorOrMissing();
    String code = error.path(Fields.CODE).asText("UNKNOWN");
    String message = error.path(Fields.MESSAGE).asText("");
    String token = frame.token();
    if (token == null) {
      warnings.warn("The relay rejected a frame without a token: {} {}", code, message);
      return;
    }
    PendingCall call = calls.get(token) instanceof PendingCall c && calls.remove(c) ? c : null;
    if (call == null) {
      // Usually a reply this client sent to a caller that has gone away; that caller times out.
      warnings.warn("The relay could not deliver a frame with token {}: {} {}", token, code, message);
      return;
    }
    if (ErrorCode.PEER_GONE.wire().equals(code)) {
      call.fail(new PeerGoneException(call.method, call.peer, message));
    } else if (ErrorCode.PEER_BUSY.wire().equals(code)) {
      call.fail(new PeerBusyException(call.method, call.peer, message));
    } else {
      call.fail(new RelayRejectedException(call.method, call.peer, code, message));
    }
  }

  /**
   * Fails, at once, every exchange (call, relay request, fan-out, probe) that went out on {@code connection}; when
   * it is null, the client is closing: every exchange, and those opened from now on.
   */
  void failAll(RelayLink connection, String reason) {
    if (connection == null) {
      calls.closeAll(reason);
    } else {
      calls.dropAll(connection, reason);
    }
  }

  private PendingCall claim(String from, String token, PendingExchanges.Exchange waiting, String type) {
    PendingCall call = waiting instanceof PendingCall c ? c : null;
    if (call == null) {
      log.debug("Ignoring an {} from {} for no pending call (token {}): it may have timed out", type, from, token);
      return null;
    }
    // A call to a name is answered by whichever connection holds it: the caller cannot know its ID in advance, so
    // the token (128 random bits) alone matches the reply.
    if (!call.peer.equals(from) && !Addresses.answeredByAnyone(call.peer)) {
      warnings.warn("Ignoring an {} for {} from {}: the call went to {}", type, call.method, from, call.peer);
      return null;
    }
    if (!calls.remove(call)) {
      return null;
    }
    return call;
  }
}
