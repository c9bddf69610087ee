package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancellation reaches the callee over a real relay: when the caller cancels, closes, or the deadline passes, the
 * handler sees the flag, its listener runs, a blocking handler is interrupted, and no reply is sent; for a call made
 * with options and for a plain one alike.
 */
class CancellationTest {
  private static final CallOptions LONG = CallOptions.builder().timeout(Duration.ofSeconds(60)).build();

  private final FaultHarness harness = new FaultHarness();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch listenerRan = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final AtomicBoolean flagSeen = new AtomicBoolean();
  private final CountDownLatch never = new CountDownLatch(1);
  private LocalRelay relay;
  private MonologueClient server;
  private MonologueClient caller;

  @BeforeEach
  void start() {
    relay = harness.relay(0);
    server = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
    server.on("wait", args -> {
      CallContext call = CallContext.current();
      call.onCancel(listenerRan::countDown);
      started.countDown();
      try {
        never.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        flagSeen.set(call.isCancelled());
        interrupted.countDown();
        throw e;
      }
      return "not cancelled";
    });
    caller = harness.connected(options(relay.endpoint()).timeout(Duration.ofSeconds(60)));
  }

  @AfterEach
  void stop() {
    never.countDown();
    harness.close();
  }

  private void assertCancelledAtTheCallee() throws InterruptedException {
    assertTrue(listenerRan.await(10, TimeUnit.SECONDS), "the cancel listener did not run");
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the blocking handler was not interrupted");
    assertTrue(flagSeen.get(), "isCancelled() was false in the interrupted handler");
  }

  @Test
  void cancellingTheFutureCancelsTheHandlerAndItsReplyIsNotSent() throws Exception {
    CompletableFuture<String> call = caller.withOptions(LONG).call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    assertTrue(call.cancel(true));

    assertCancelledAtTheCallee();
    Awaits.eventually("the reply was withheld", () -> server.repliesWithheld() == 1);
    Awaits.eventually("the callee forgot the call", () -> server.servingCalls() == 0);
    // the handler's thread is clean for the next call
    never.countDown();
    assertEquals("not cancelled", Awaits.await(caller.withOptions(LONG).call(server.id(), "wait", String.class)));
  }

  @Test
  void closingTheCallerCancelsWhatItWaitsFor() throws Exception {
    caller.withOptions(LONG).call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    caller.close();

    assertCancelledAtTheCallee();
  }

  @Test
  void cancellingAPlainCallCancelsTheHandlerAndItsReplyIsNotSent() throws Exception {
    // no options, no interceptors: the call's deadline is the client's timeout, and its cancel travels all the same
    CompletableFuture<String> call = caller.call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    assertTrue(call.cancel(true));

    assertCancelledAtTheCallee();
    Awaits.eventually("the reply was withheld", () -> server.repliesWithheld() == 1);
    Awaits.eventually("the callee forgot the call", () -> server.servingCalls() == 0);
  }

  @Test
  void closingTheCallerCancelsItsPlainCalls() throws Exception {
    caller.call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    caller.close();

    assertCancelledAtTheCallee();
  }

  @Test
  void theDeadlinePassingCancelsTheRunningHandler() throws Exception {
    CompletableFuture<String> call = caller.withOptions(CallOptions.builder().timeout(Duration.ofMillis(1500))
        .build()).call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    assertCancelledAtTheCallee();
    assertTrue(call.isDone() || Awaits.failure(call) != null);
  }

  @Test
  void thePlainCallsTimeoutPassingCancelsTheRunningHandler() throws Exception {
    MonologueClient quick = harness.connected(options(relay.endpoint()).timeout(Duration.ofMillis(1500))
        .connectTimeout(Duration.ofSeconds(10)));
    CompletableFuture<String> call = quick.call(server.id(), "wait", String.class);
    assertTrue(started.await(10, TimeUnit.SECONDS));

    assertCancelledAtTheCallee();
    Awaits.eventually("the reply was withheld", () -> server.repliesWithheld() == 1);
    assertTrue(call.isDone() || Awaits.failure(call) != null);
  }

  @Test
  void onlyTheCallerCanCancelItsCall() throws Exception {
    try (TestClient rawCaller = TestClient.connect(relay.endpoint());
        TestClient stranger = TestClient.connect(relay.endpoint())) {
      rawCaller.id();
      stranger.id();
      rawCaller.send("{\"action\":\"sendmessage\",\"to\":\"" + server.id() + "\",\"payload\":{\"type\":\"REQ\","
          + "\"token\":\"t-1\",\"name\":\"wait\",\"args\":[],\"v\":2,\"dl\":60000}}");
      assertTrue(started.await(10, TimeUnit.SECONDS));
      String cancel = "{\"action\":\"sendmessage\",\"to\":\"" + server.id() + "\",\"payload\":{\"type\":\"ACK\","
          + "\"token\":\"t-1\",\"cancel\":true}}";

      stranger.send(cancel);
      // the stranger's frame and the next one travel the same relay to the same connection; the echo below comes
      // back only after the server has read the stranger's cancel
      stranger.send("{\"action\":\"sendmessage\",\"to\":\"" + server.id() + "\",\"payload\":{\"type\":\"REQ\","
          + "\"token\":\"t-2\",\"name\":\"nothing-here\",\"args\":[],\"v\":2}}");
      assertTrue(stranger.next().contains("NO_SUCH_METHOD"));
      assertEquals(1, listenerRan.getCount(), "a stranger cancelled another connection's call");

      rawCaller.send(cancel);
      assertCancelledAtTheCallee();
    }
  }
}
