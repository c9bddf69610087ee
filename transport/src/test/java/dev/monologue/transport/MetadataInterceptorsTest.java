package dev.monologue.transport;

import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.ClientInterceptor;
import dev.monologue.RemoteFailureException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import dev.monologue.wire.Limits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metadata with requests, trailers with replies, and interceptors on both sides, over a real relay. */
class MetadataInterceptorsTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void metadataReachesTheHandlerAndTrailersReachTheCallersInterceptorsInOrder() throws Exception {
    LocalRelay relay = harness.relay(0);
    List<String> seenByServerInterceptor = new CopyOnWriteArrayList<>();
    MonologueClient server = harness.connected(options(relay.endpoint())
        .serverInterceptor(call -> {
          seenByServerInterceptor.add(call.metadata().get("trace"));
          Map<String, String> changed = new HashMap<>(call.metadata());
          changed.put("tenant", "acme");
          call.replaceMetadata(changed);
        }));
    AtomicReference<Map<String, String>> atHandler = new AtomicReference<>();
    server.on("m", args -> {
      atHandler.set(CallContext.current().metadata());
      CallContext.current().trailer("served-by", "s1");
      return "ok";
    });
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicReference<Map<String, String>> trailers = new AtomicReference<>();
    MonologueClient caller = harness.connected(options(relay.endpoint())
        .clientInterceptor(call -> {
          order.add("first");
          call.metadata().put("trace", call.metadata().getOrDefault("trace", "") + "a");
        })
        .clientInterceptor(new ClientInterceptor() {
          @Override
          public void beforeSend(OutgoingCall call) {
            order.add("second");
            call.metadata().put("trace", call.metadata().get("trace") + "b");
          }

          @Override
          public void afterReply(OutgoingCall call, Map<String, String> sent, Throwable failure) {
            trailers.set(sent);
          }
        }));

    String result = Awaits.await(caller.withOptions(CallOptions.builder().metadata("trace", "x").build())
        .call(server.id(), "m", String.class));

    assertEquals("ok", result);
    assertEquals(List.of("first", "second"), order);
    assertEquals(List.of("xab"), seenByServerInterceptor);
    assertEquals(Map.of("trace", "xab", "tenant", "acme"), atHandler.get());
    // the interceptors saw the trailers before the caller saw the reply
    assertEquals(Map.of("served-by", "s1"), trailers.get());
  }

  @Test
  void aClientInterceptorEndsACallBeforeItIsSent() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    AtomicInteger ran = new AtomicInteger();
    server.on("m", args -> ran.incrementAndGet());
    IllegalStateException refusal = new IllegalStateException("no credentials for m");
    MonologueClient caller = harness.connected(options(relay.endpoint()).clientInterceptor(call -> {
      if (!call.metadata().containsKey("auth")) {
        throw refusal;
      }
    }));

    assertSame(refusal, Awaits.failure(caller.call(server.id(), "m", Integer.class)));
    assertEquals(1, Awaits.await(caller.withOptions(CallOptions.builder().metadata("auth", "k").build())
        .call(server.id(), "m", Integer.class)));
    assertEquals(1, ran.get(), "the refused call reached the handler");
  }

  @Test
  void aServerInterceptorEndsACallBeforeItsHandlerRuns() throws Exception {
    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()).serverInterceptor(call -> {
      if (!"k".equals(call.metadata().get("auth"))) {
        throw new SecurityException("m needs auth metadata");
      }
    }));
    AtomicInteger ran = new AtomicInteger();
    server.on("m", args -> ran.incrementAndGet());
    MonologueClient caller = harness.connected(options(relay.endpoint()));

    Throwable failure = Awaits.failure(caller.call(server.id(), "m", Integer.class));

    RemoteFailureException remote = assertInstanceOf(RemoteFailureException.class, failure);
    assertEquals("HANDLER_FAILED", remote.code());
    assertTrue(remote.getMessage().contains("m needs auth metadata"), remote.getMessage());
    assertEquals(0, ran.get());
  }

  @Test
  void metadataOverTheBoundFailsWithAClearError() throws Exception {
    String big = "x".repeat(Limits.MAX_METADATA_BYTES);
    IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
        () -> CallOptions.builder().metadata("k", big).build());
    assertTrue(built.getMessage().contains("over the limit of " + Limits.MAX_METADATA_BYTES), built.getMessage());

    LocalRelay relay = harness.relay(0);
    MonologueClient server = harness.connected(options(relay.endpoint()));
    server.on("m", args -> {
      CallContext.current().trailer("k", big);
      return 1;
    });
    MonologueClient caller = harness.connected(options(relay.endpoint())
        .clientInterceptor(call -> call.metadata().put("k", big)));
    IllegalArgumentException intercepted = assertThrows(IllegalArgumentException.class,
        () -> caller.call(server.id(), "m", Integer.class));
    assertTrue(intercepted.getMessage().contains("the metadata of m for " + server.id()), intercepted.getMessage());

    // trailers over the bound fail the handler, and the caller hears why
    MonologueClient plain = harness.connected(options(relay.endpoint()));
    Throwable failure = Awaits.failure(plain.call(server.id(), "m", Integer.class));
    assertTrue(failure.getMessage().contains("the trailers of m"), failure.getMessage());
  }

  @Test
  void aPlainCallSendsItsTimeoutAsItsDeadlineAndItsCancel() throws Exception {
    LocalRelay relay = harness.relay(0);
    Duration timeout = Duration.ofSeconds(20);
    MonologueClient caller = harness.connected(options(relay.endpoint()).timeout(timeout));
    try (TestClient callee = TestClient.connect(relay.endpoint())) {
      String id = callee.id();

      var plain = caller.call(id, "m", String.class, "a");
      String request = callee.next();
      assertFalse(request.contains("\"md\""), request);
      // the deadline is written straight after the version marker, as a call with context writes it
      Matcher dl = Pattern.compile(".*\"name\":\"m\",\"args\":\\[\"a\"],\"v\":2,\"dl\":(\\d+)}}").matcher(request);
      assertTrue(dl.matches(), request);
      long sent = Long.parseLong(dl.group(1));
      assertTrue(sent <= timeout.toMillis() && sent > timeout.toMillis() - 10_000, "dl " + sent + " for " + timeout);
      plain.cancel(true);
      String plainCancel = callee.next();
      assertTrue(plainCancel.contains("\"type\":\"ACK\"") && plainCancel.contains("\"cancel\":true"), plainCancel);
      assertTrue(plainCancel.contains(token(request)), plainCancel);

      var withOptions = caller.withOptions(CallOptions.builder().metadata("k", "v").build()).call(id, "m", String.class);
      String contextual = callee.next();
      assertTrue(contextual.matches(".*\"v\":2,\"dl\":\\d+,\"md\":\\{\"k\":\"v\"}}}"), contextual);
      withOptions.cancel(true);
      String cancel = callee.next();
      assertTrue(cancel.contains("\"type\":\"ACK\"") && cancel.contains("\"cancel\":true"), cancel);
      assertTrue(cancel.contains(token(contextual)), cancel);
      assertNull(callee.received.poll());
    }
  }

  private static String token(String frame) {
    return frame.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }
}
