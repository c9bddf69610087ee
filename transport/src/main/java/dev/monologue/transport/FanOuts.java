package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.GroupMember;
import dev.monologue.MonologueException;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.NotConnectedException;
import dev.monologue.PeerBusyException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.FanOutReport;
import dev.monologue.wire.Fields;
import dev.monologue.wire.PayloadType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code callAll}s in flight: one request the relay delivers to every member of a group ({@code sendall}),
 * answered by a FANOUT report from the relay (whom it reached) and by one reply per member reached, all carrying the
 * request's token. Completes with one outcome per member once every reached member answered, or at the overall
 * timeout, when members still silent get a {@link CallTimeoutException}. Replies that come before the report are
 * kept: if the report has not come by the timeout, the outcomes are those of the members that replied (none: the
 * {@code callAll} fails with a {@link CallTimeoutException}). Each fan-out waits in the client's table of pending
 * exchanges ({@link PendingExchanges}), which times it out and drops it when its connection or the client closes.
 */
final class FanOuts {
  private static final Logger log = LoggerFactory.getLogger(FanOuts.class);
  private final JsonCodec codec;
  private final PendingExchanges exchanges;

  FanOuts(JsonCodec codec, PendingExchanges exchanges) {
    this.codec = codec;
    this.exchanges = exchanges;
  }

  /**
   * Starts collecting for {@code token}, for {@code waitNanos} at most (what is left of {@code timeout}, which
   * failures name); the caller then sends the {@code sendall} frame on {@code connection}, or, when it is null,
   * once the connection is back ({@link #sentOn}).
   */
  <R> CompletableFuture<List<CallOutcome<R>>> open(String token, String group, String method, Type type,
      Duration timeout, long waitNanos, RelayLink connection) {
    FanOut fanOut = new FanOut(token, group, method, type, timeout,
        exchanges.nanoTime() + Math.max(0, waitNanos), connection);
    if (exchanges.open(fanOut)) { // else dropped at once: the client is closing
      fanOut.result.whenComplete((r, e) -> exchanges.remove(fanOut)); // cancelled by its caller
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<List<CallOutcome<R>>> result = (CompletableFuture<List<CallOutcome<R>>>) (Object) fanOut.result;
    return result;
  }

  /** The fan-out of {@code token}, opened while reconnecting, is being sent on {@code connection}, which came back. */
  void sentOn(String token, RelayLink connection) {
    if (exchanges.get(token) instanceof FanOut f) {
      f.connection = connection;
    }
  }

  /**
   * {@code notice} tells the callees of the fan-out of {@code token} that it is cancelled, should this client close
   * while it is in flight (a fan-out with context, sent).
   */
  void onClosing(String token, Runnable notice) {
    if (exchanges.get(token) instanceof FanOut f) {
      f.closingNotice = notice;
    }
  }

  /** The client is closing: the callees of the fan-outs with context still in flight are told they are cancelled. */
  void tellCalleesClosing() {
    for (PendingExchanges.Exchange e : exchanges.all()) {
      Runnable notice = e instanceof FanOut f ? f.closingNotice : null;
      if (notice != null) {
        notice.run();
      }
    }
  }

  /** How many fan-outs are in flight. */
  int size() {
    return exchanges.count(FanOut.class);
  }

  /** Fails the fan-out of {@code token} (the request could not be sent, or the relay refused it). */
  void fail(String token, Throwable error) {
    if (exchanges.get(token) instanceof FanOut f && exchanges.remove(f)) {
      f.result.completeExceptionally(error);
    }
  }

  /**
   * A frame from {@code $relay} with the token of {@code waiting} (null: nothing waits for it): true when it was the
   * report or a refusal of a fan-out here.
   */
  boolean onRelayFrame(DeliveredFrames.Incoming frame, PendingExchanges.Exchange waiting) {
    FanOut f = waiting instanceof FanOut fanOut ? fanOut : null;
    if (f == null) {
      if (FanOutReport.TYPE.equals(frame.type())) {
        // the report of a fan-out over (timed out, cancelled), or of the cancel sent to a group: nothing waits
        log.debug("Ignoring the report of a fan-out that is over (token {})", frame.token());
        return true;
      }
      return false;
    }
    if (FanOutReport.TYPE.equals(frame.type())) {
      f.report(frame.retNode());
    } else if (exchanges.remove(f)) {
      JsonNode error = frame.errorOrMissing();
      f.result.completeExceptionally(new RelayRejectedException(f.method, "@" + f.group,
          error.path(Fields.CODE).asText("UNKNOWN"), error.path(Fields.MESSAGE).asText("")));
    }
    return true;
  }

  /** An ACK or ERR from a member, answering the fan-out {@code f}. */
  void onReply(FanOut f, DeliveredFrames.Incoming frame) {
    f.reply(frame);
  }

  /** Members as the relay lists them: {@code [{"id":..,"names":[..]},…]}. */
  static List<GroupMember> members(JsonNode array) {
    List<GroupMember> out = new ArrayList<>();
    for (JsonNode m : array) {
      List<String> names = new ArrayList<>();
      m.path(Fields.NAMES).forEach(n -> names.add(n.asText()));
      out.add(new GroupMember(m.path(Fields.ID).asText(), names));
    }
    return out;
  }

  /** One {@code callAll} collecting its outcomes. */
  final class FanOut implements PendingExchanges.Exchange {
    final CompletableFuture<List<CallOutcome<Object>>> result = new CompletableFuture<>();
    final String token;
    final String group;
    final String method;
    final Type type;
    final Duration timeout;
    final long deadlineNanos;
    /** The connection it was sent on; null while it waits for the connection to come back. */
    volatile RelayLink connection;
    /** Tells its callees it is cancelled when the client closes; null: nothing to tell. */
    volatile Runnable closingNotice;
    /** Replies that arrived before the report, by member ID. */
    private final Map<String, DeliveredFrames.Incoming> early = new LinkedHashMap<>();
    /** Once the report arrived: each reached member's outcome, null while it has not answered. */
    private Map<String, CallOutcome<Object>> outcomes;
    private Map<String, GroupMember> reached;

    FanOut(String token, String group, String method, Type type, Duration timeout, long deadlineNanos,
        RelayLink connection) {
      this.timeout = timeout;
      this.token = token;
      this.group = group;
      this.method = method;
      this.type = type;
      this.deadlineNanos = deadlineNanos;
      this.connection = connection;
    }

    @Override
    public String token() {
      return token;
    }

    @Override
    public long deadlineNanos() {
      return deadlineNanos;
    }

    @Override
    public RelayLink connection() {
      return connection;
    }

    @Override
    public void dropped(String reason) {
      result.completeExceptionally(new ConnectionDroppedException(method, "@" + group, reason));
    }

    @Override
    public String toString() {
      return "FanOut{" + method + " on @" + group + "}";
    }

    synchronized void report(JsonNode ret) {
      outcomes = new LinkedHashMap<>();
      reached = new LinkedHashMap<>();
      for (GroupMember m : members(ret.path(Fields.DELIVERED))) {
        reached.put(m.id(), m);
        outcomes.put(m.id(), null);
      }
      for (JsonNode f : ret.path(Fields.FAILED)) {
        GroupMember m = new GroupMember(f.path(Fields.ID).asText(), List.of());
        String code = f.path(Fields.CODE).asText();
        MonologueException e = ErrorCode.PEER_GONE.wire().equals(code)
            ? new PeerGoneException(method, m.id(), "gone when the relay delivered the call to group '" + group + "'")
            : ErrorCode.PEER_BUSY.wire().equals(code)
            ? new PeerBusyException(method, m.id(), "the relay's queue to this member of group '" + group + "' was"
                + " full: the call was not delivered to it; call the group less often or retry later")
            : new RelayRejectedException(method, m.id(), code, "not delivered to this member of '" + group + "'");
        outcomes.put(m.id(), new CallOutcome<>(m, null, e));
      }
      early.forEach((id, frame) -> settle(id, frame));
      early.clear();
      completeIfDone();
    }

    synchronized void reply(DeliveredFrames.Incoming frame) {
      if (outcomes == null) {
        early.put(frame.from(), frame);
        return;
      }
      settle(frame.from(), frame);
      completeIfDone();
    }

    /** Its timeout: what came so far is its outcome; the table removed it first. */
    @Override
    public synchronized void expire() {
      if (connection == null) {
        result.completeExceptionally(new NotConnectedException(method, "@" + group, "reconnecting to the relay did"
            + " not succeed within the call's timeout of " + timeout.toMillis() + " ms"));
        return;
      }
      if (outcomes == null && early.isEmpty()) {
        result.completeExceptionally(new CallTimeoutException(method, "@" + group, timeout));
        return;
      }
      if (outcomes == null) {
        // The report is late (on AWS it follows every post to the members): who else was reached is unknown, but
        // the replies received are outcomes all the same.
        List<CallOutcome<Object>> out = new ArrayList<>();
        early.forEach((id, frame) -> out.add(outcome(new GroupMember(id, List.of()), frame)));
        result.complete(out);
        return;
      }
      List<CallOutcome<Object>> out = new ArrayList<>();
      outcomes.forEach((id, o) -> out.add(o != null ? o : new CallOutcome<>(reached.get(id), null,
          new CallTimeoutException(method, id, timeout))));
      result.complete(out);
    }

    private void settle(String id, DeliveredFrames.Incoming frame) {
      if (!outcomes.containsKey(id) || outcomes.get(id) != null || reached.get(id) == null) {
        return; // not a member reached by this call, or answered twice
      }
      outcomes.put(id, outcome(reached.get(id), frame));
    }

    /** The outcome a member's ACK or ERR gives. */
    private CallOutcome<Object> outcome(GroupMember m, DeliveredFrames.Incoming frame) {
      String id = m.id();
      Map<String, String> trailers = CallPlan.readTrailers(frame.metadata());
      if (PayloadType.ACK.wire().equals(frame.type())) {
        try {
          return new CallOutcome<>(m, codec.decode(frame.retNode(), type), null, trailers);
        } catch (Exception e) {
          return new CallOutcome<>(m, null, new ReplyDecodingException(method, id, JsonCodec.typeName(type), e),
              trailers);
        }
      }
      JsonNode error = frame.errorOrMissing();
      String code = error.path(Fields.CODE).asText("UNKNOWN");
      String message = error.path(Fields.MESSAGE).textValue();
      MonologueException e = ErrorCode.NO_SUCH_METHOD.wire().equals(code)
          ? new NoSuchRemoteMethodException(method, id, message)
          : new RemoteFailureException(method, id, code, error.path(Fields.REMOTE_TYPE).textValue(), message);
      return new CallOutcome<>(m, null, e, trailers);
    }

    private void completeIfDone() {
      if (outcomes != null && !outcomes.containsValue(null) && exchanges.remove(this)) {
        result.complete(new ArrayList<>(outcomes.values()));
      }
    }
  }
}
