package dev.monologue.e2e.typed;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.RemoteFailureException;
import dev.monologue.e2e.RelayFixture;
import dev.monologue.runtime.GeneratedStub;
import dev.monologue.testsupport.Awaits;
import dev.monologue.transport.WebSocketTransportProvider;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Typed calls through a real relay: every scenario runs with generated stubs and skeletons, with the dynamic proxy
 * and reflective skeleton, and with the two mixed, and both stubs must send the same frames. Subclasses say which
 * relay to run.
 */
abstract class AbstractTypedSuite {
  static final String KEY = "k1";
  static final Duration WAIT = Awaits.WAIT;
  /** The callers' timeout, which their plain calls carry as their deadline. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Person ADA = new Person("Ada", 36, LocalDate.of(1815, 12, 10));
  static final Person ALAN = new Person("Alan", 41, LocalDate.of(1912, 6, 23));

  /** Starts a relay that accepts exactly {@code apiKeys}. */
  protected abstract RelayFixture startRelay(Set<String> apiKeys);

  private RelayFixture relay;
  private final List<Monologue> clients = new ArrayList<>();
  private TypedImplementation implementation;

  @BeforeEach
  void startRelay() {
    relay = startRelay(Set.of(KEY));
  }

  @AfterEach
  void stopAll() {
    clients.forEach(Monologue::close);
    relay.close();
  }

  /** The API key clients send: the suite's own, or the deployed relay's. */
  private String key() {
    return relay.apiKey() != null ? relay.apiKey() : KEY;
  }

  private Monologue connected() {
    return connected(true);
  }

  /** A connected client that binds services through the generated classes or, if not {@code generated}, without. */
  private Monologue connected(boolean generated) {
    Monologue client = new WebSocketTransportProvider().create(relay.configure(MonologueOptions.builder())
        .endpoint(relay.endpoint()).apiKey(key()).timeout(CALL_TIMEOUT).connectTimeout(WAIT)
        .generatedClasses(generated).build());
    clients.add(client);
    client.connect();
    return client;
  }

  /** A callee serving a fresh {@link TypedImplementation}, and a stub of it on another machine. */
  private TypedService typed(Binding binding) {
    Monologue callee = connected(binding.generatedSkeleton);
    implementation = new TypedImplementation();
    callee.register(TypedService.class, implementation);
    return connected(binding.generatedStub).stub(callee.id(), TypedService.class);
  }


  // ------------------------------------------------------------------------------------------------ values

  @ParameterizedTest
  @EnumSource(Binding.class)
  void stubIsGeneratedOrProxyAsAsked(Binding binding) {
    TypedService stub = typed(binding);
    assertEquals(binding.generatedStub, stub instanceof GeneratedStub);
    assertEquals(!binding.generatedStub, Proxy.isProxyClass(stub.getClass()));
    assertEquals("TypedService stub", stub.toString());
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void primitivesStringsAndBoxedNulls(Binding binding) {
    TypedService stub = typed(binding);
    assertEquals("Hello Bob from Ann", stub.hello("Ann", "Bob"));
    assertEquals("Hello null from null", stub.hello(null, null));
    assertEquals("Hello Zoë ✓ from \"quoted\"\n", stub.hello("\"quoted\"\n", "Zoë ✓"));
    assertEquals(-(1 + 10_000_000_000L + 2 + 'A' + 3 + 4 + 5),
        stub.mix(1, 10_000_000_000L, 2.7, true, 'A', (byte) 3, (short) 4, 5.9f));
    assertEquals(8, stub.maybe(7, null));
    assertNull(stub.maybe(null, null));
    assertEquals(-1, stub.maybe(null, false));
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void enumsArraysRecordsOptionalAndTime(Binding binding) {
    TypedService stub = typed(binding);
    assertEquals(Mood.GRUMPY, stub.flip(Mood.HAPPY));
    assertArrayEquals(new int[] {3, 2, 1}, stub.reverse(new int[] {1, 2, 3}));
    assertArrayEquals(new int[0], stub.reverse(new int[0]));
    assertArrayEquals(new Person[] {new Person("Ada", 37, ADA.birthday()), new Person("Alan", 42, ALAN.birthday())},
        stub.older(new Person[] {ADA, ALAN}));
    assertEquals(Optional.of("a"), stub.nickname(Optional.of(ADA)));
    assertEquals(Optional.empty(), stub.nickname(Optional.empty()));
    Instant at = Instant.parse("2026-11-25T12:00:00.123Z");
    assertEquals(Instant.parse("2026-11-25T13:30:00.123Z"), stub.later(at, Duration.ofMinutes(90)));
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void nestedGenericsAndVoid(Binding binding) throws Exception {
    TypedService stub = typed(binding);
    List<Map<String, Person>> people = List.of(Map.of("math", ADA), Map.of("math", ALAN, "poetry", ADA));
    stub.remember(people);
    // void blocks until the callee has run
    assertEquals(List.of(people), implementation.memory);
    assertEquals(List.of(people), stub.remembered());
    assertEquals(Map.of("math", List.of(ADA, ALAN), "poetry", List.of(ADA)), stub.byName(people));
    Map<String, Person> first = stub.remembered().get(0).get(0);
    assertInstanceOf(Person.class, first.get("math"), "decoded with the generic type, not as a map");
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void futuresAndStages(Binding binding) throws Exception {
    TypedService stub = typed(binding);
    CompletableFuture<Person> found = stub.find("Grace");
    assertEquals(new Person("Grace", 30, null), await(found));
    assertEquals(List.of(Mood.HAPPY, Mood.GRUMPY, Mood.HAPPY), await(stub.moods(3)));
    assertNull(await(stub.touch("file")));
    assertEquals(List.of("file"), implementation.touched);
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void declaredExceptionArrivesAsItsOwnType(Binding binding) throws Exception {
    TypedService stub = typed(binding);
    QuotaExceededException blocking = assertThrows(QuotaExceededException.class, () -> stub.remember(List.of()));
    assertEquals("nothing to remember", blocking.getMessage());
    QuotaExceededException async = assertInstanceOf(QuotaExceededException.class,
        failure(stub.explodeLater("too much")));
    assertEquals("too much", async.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void undeclaredExceptionArrivesAsRemoteFailure(Binding binding) {
    TypedService stub = typed(binding);
    RemoteFailureException e = assertThrows(RemoteFailureException.class, () -> stub.explode("kaput"));
    assertEquals(RemoteFailureException.HANDLER_FAILED, e.code());
    assertEquals(IllegalStateException.class.getName(), e.remoteType());
    assertEquals("kaput", e.remoteMessage());
    assertEquals("typed.explode", e.method());
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void defaultMethodsRunLocally(Binding binding) {
    TypedService stub = typed(binding);
    assertEquals("Hello world from me", stub.helloWorld());
  }

  // ------------------------------------------------------------------------------------------------ interop

  @Test
  void stringNamedCallReachesATypedHandler() throws Exception {
    Monologue callee = connected();
    callee.register(TypedService.class, new TypedImplementation());
    Monologue caller = connected();
    assertEquals("Hello Bob from Ann", await(caller.call(callee.id(), "typed.hello", String.class, "Ann", "Bob")));
    assertEquals(Mood.GRUMPY, await(caller.call(callee.id(), "typed.flip", Mood.class, Mood.HAPPY)));
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void typedStubReachesAStringNamedHandler(Binding binding) {
    Monologue callee = connected();
    callee.on("sample-method", args -> args.get(0, String.class).repeat(args.get(1, int.class)));
    LegacyService legacy = connected(binding.generatedStub).stub(callee.id(), LegacyService.class);
    assertEquals("abab", legacy.sample("ab", 2));
  }

  @Test
  void generatedAndProxyStubsSendTheSameFrames() throws Exception {
    FrameRecorder recorder = FrameRecorder.connect(relay.endpoint(), key(), relay.sslContext());
    try {
      Monologue caller = connected(true);
      Monologue proxyCaller = connected(false);
      TypedService generatedStub = caller.stub(recorder.id(), TypedService.class);
      TypedService proxyStub = proxyCaller.stub(recorder.id(), TypedService.class);
      assertTrue(generatedStub instanceof GeneratedStub && Proxy.isProxyClass(proxyStub.getClass()));
      List<JsonNode> generated = record(recorder, generatedStub, caller.id());
      List<JsonNode> proxied = record(recorder, proxyStub, proxyCaller.id());
      assertEquals(generated, proxied);
      assertEquals(JSON.readTree("{\"to\":\"" + recorder.id() + "\",\"from\":\"F\",\"payload\":"
          + "{\"type\":\"REQ\",\"token\":\"T\",\"name\":\"typed.hello\",\"args\":[\"Ann\",null],\"v\":2,"
          + "\"dl\":0}}"), generated.get(0));
    } finally {
      recorder.closeBlocking();
    }
  }

  /**
   * Makes one call of each kind through {@code stub} of client {@code from} and returns the frames received, tokens
   * replaced by "T" and the sender, once checked, by "F".
   */
  private static List<JsonNode> record(FrameRecorder recorder, TypedService stub, String from) throws Exception {
    List<Consumer<TypedService>> calls = List.of(
        s -> s.hello("Ann", null),
        s -> s.mix(1, 2L, 3.5, true, 'x', (byte) 4, (short) 5, 6.25f),
        s -> s.maybe(null, Boolean.TRUE),
        s -> s.flip(Mood.GRUMPY),
        s -> s.reverse(new int[] {1, 2}),
        s -> s.older(new Person[] {ADA}),
        s -> s.nickname(Optional.empty()),
        s -> s.later(Instant.parse("2026-01-02T03:04:05Z"), Duration.ofSeconds(90)),
        s -> s.byName(List.of(Map.of("k", ALAN))),
        s -> s.find("x"),
        s -> s.moods(2),
        s -> s.touch("y"),
        s -> {
          try {
            s.remember(List.of(Map.of("k", ADA)));
          } catch (QuotaExceededException e) {
            throw new AssertionError(e);
          }
        });
    List<JsonNode> frames = new ArrayList<>();
    for (Consumer<TypedService> call : calls) {
      try {
        call.accept(stub);
      } catch (RemoteFailureException expected) {
        // the recorder fails every call; blocking ones throw
      }
      ObjectNode frame = (ObjectNode) recorder.nextRequest();
      ObjectNode payload = (ObjectNode) frame.get("payload");
      String token = payload.path("token").asText();
      assertTrue(token.matches("[A-Za-z0-9_-]{22,}"), "token is random base64url of 128 bits or more: " + token);
      payload.put("token", "T");
      // every call carries its time left, which differs from call to call
      long dl = payload.path("dl").asLong(-1);
      assertTrue(payload.path("dl").isIntegralNumber() && dl >= 0 && dl <= CALL_TIMEOUT.toMillis(),
          "the deadline is the time left of the call's timeout: " + payload);
      payload.put("dl", 0);
      assertEquals(from, frame.path("from").asText());
      frame.put("from", "F");
      frames.add(frame);
    }
    assertFalse(frames.isEmpty());
    return frames;
  }
}
