package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MonologueJson;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingCallsTest {
  record Point(int x, int y) {}

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));
  private final PendingCalls calls = new PendingCalls(new PendingExchanges(new ClientTimer(timer, System::nanoTime)),
      new JsonCodec(mapper), Duration.ofMillis(150));
  private final RelayLink connection = frame -> true;

  @AfterEach
  void stop() {
    timer.shutdownNow();
    callbacks.shutdownNow();
  }

  private JsonNode json(String s) throws Exception {
    return mapper.readTree(s);
  }

  private DeliveredFrames.Incoming frame(String from, String payload) throws Exception {
    return DeliveredFrames.payload(from, json(payload));
  }

  private static Throwable failure(PendingCall call) throws Exception {
    try {
      call.get(2, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("call succeeded");
  }

  @Test
  void ackIsDecodedAsTheRequestedTypeOnTheThreadThatDeliversIt() throws Exception {
    PendingCall call = calls.open("t1", "geo.point", "peer=", Point.class, connection);
    AtomicReference<String> thread = new AtomicReference<>();
    var seen = call.thenApply(v -> {
      thread.set(Thread.currentThread().getName());
      return v;
    });
    callbacks.submit(() -> {
      calls.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":{\"x\":1,\"y\":2}}"));
      return null;
    }).get(2, TimeUnit.SECONDS);
    assertEquals(new Point(1, 2), seen.get(2, TimeUnit.SECONDS));
    // Internal: no hand-off here. User code only ever sees a CallFuture over this future.
    assertEquals("callbacks", thread.get());
    assertEquals(0, calls.size());
  }

  @Test
  void ackFromAnotherMachineIsIgnored() throws Exception {
    PendingCall call = calls.open("t1", "m", "peer=", String.class, connection);
    calls.onAck(frame("intruder=", "{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":\"forged\"}"));
    assertEquals(1, calls.size());
    calls.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":\"real\"}"));
    assertEquals("real", call.get(2, TimeUnit.SECONDS));
  }

  @Test
  void undecodableReplyFailsWithReplyDecodingException() throws Exception {
    PendingCall call = calls.open("t1", "geo.point", "peer=", Point.class, connection);
    calls.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"t1\",\"ret\":\"not a point\"}"));
    Throwable e = failure(call);
    assertInstanceOf(ReplyDecodingException.class, e);
    assertTrue(e.getMessage().contains("geo.point") && e.getMessage().contains("peer="), e.getMessage());
  }

  @Test
  void remoteErrorsMapToTheirExceptions() throws Exception {
    PendingCall missing = calls.open("a", "m", "p", String.class, connection);
    PendingCall failed = calls.open("b", "m", "p", String.class, connection);
    calls.onError(frame("p", "{\"type\":\"ERR\",\"token\":\"a\",\"error\":{\"code\":\"NO_SUCH_METHOD\",\"message\":\"x\"}}"));
    calls.onError(frame("p", "{\"type\":\"ERR\",\"token\":\"b\",\"error\":{\"code\":\"HANDLER_FAILED\","
        + "\"message\":\"boom\",\"remoteType\":\"com.acme.Nope\"}}"));
    assertInstanceOf(NoSuchRemoteMethodException.class, failure(missing));
    RemoteFailureException e = assertInstanceOf(RemoteFailureException.class, failure(failed));
    assertEquals("com.acme.Nope", e.remoteType());
    assertEquals("boom", e.remoteMessage());
    assertEquals(RemoteFailureException.HANDLER_FAILED, e.code());
  }

  @Test
  void relayErrorsMapToPeerGoneOrRejected() throws Exception {
    PendingCall gone = calls.open("a", "m", "p", String.class, connection);
    PendingCall big = calls.open("b", "m", "p", String.class, connection);
    calls.onRelayError(frame("$relay", "{\"type\":\"ERR\",\"token\":\"a\",\"error\":{\"code\":\"PEER_GONE\",\"message\":\"gone\"}}"));
    calls.onRelayError(frame("$relay", "{\"type\":\"ERR\",\"token\":\"b\",\"error\":{\"code\":\"FRAME_TOO_LARGE\",\"message\":\"big\"}}"));
    calls.onRelayError(frame("$relay", "{\"type\":\"ERR\",\"error\":{\"code\":\"MALFORMED_FRAME\",\"message\":\"no token\"}}"));
    assertInstanceOf(PeerGoneException.class, failure(gone));
    assertEquals("FRAME_TOO_LARGE", assertInstanceOf(RelayRejectedException.class, failure(big)).code());
  }

  @Test
  void timeoutFailsTheCallAndALateReplyIsIgnored() throws Exception {
    PendingCall call = calls.open("t", "slow", "p", String.class, connection);
    CallTimeoutException e = assertInstanceOf(CallTimeoutException.class, failure(call));
    assertEquals(Duration.ofMillis(150), e.timeout());
    assertEquals(0, calls.size());
    calls.onAck(frame("p", "{\"type\":\"ACK\",\"token\":\"t\",\"ret\":\"late\"}"));
    assertTrue(call.isCompletedExceptionally());
  }

  @Test
  void callsWithTheirOwnTimeoutsExpireNeverEarlyEarliestFirst() throws Exception {
    long start = System.nanoTime();
    PendingCall later = calls.open("late", "m", "peer=", String.class, connection, TimeUnit.SECONDS.toNanos(60));
    PendingCall sooner = calls.open("soon", "m", "peer=", String.class, connection, TimeUnit.MILLISECONDS.toNanos(50));
    assertInstanceOf(CallTimeoutException.class, failure(sooner));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "timed out early");
    assertFalse(later.isDone(), "the later call is still pending when the sooner one times out");
    assertEquals(1, calls.size());
  }

  @Test
  void answeredCallsLeaveOneTimerTaskNotOneEach() throws Exception {
    ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1);
    try {
      PendingCalls table = new PendingCalls(new PendingExchanges(new ClientTimer(own, System::nanoTime)),
          new JsonCodec(mapper), Duration.ofMinutes(5));
      for (int i = 0; i < 1_000; i++) {
        table.open("t" + i, "m", "peer=", String.class, connection);
        table.onAck(frame("peer=", "{\"type\":\"ACK\",\"token\":\"t" + i + "\",\"ret\":\"ok\"}"));
      }
      assertEquals(0, table.size());
      assertEquals(1, own.getQueue().size(), "timer tasks left by 1,000 answered calls");
    } finally {
      own.shutdownNow();
    }
  }

  @Test
  void failAllFailsOnlyTheCallsOfThatConnection() throws Exception {
    PendingCall mine = calls.open("a", "m", "p", String.class, connection);
    PendingCall other = calls.open("b", "m", "p", String.class, (RelayLink) frame -> true);
    calls.failAll(connection, "relay went away");
    Throwable e = failure(mine);
    assertInstanceOf(ConnectionDroppedException.class, e);
    assertTrue(e.getMessage().contains("relay went away"), e.getMessage());
    assertEquals(1, calls.size());
    other.cancel(false);
    assertEquals(0, calls.size(), "cancelling forgets the call");
  }
}
