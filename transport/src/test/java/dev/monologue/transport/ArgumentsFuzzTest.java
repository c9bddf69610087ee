package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.MonologueOptions;
import dev.monologue.RemoteFailureException;
import dev.monologue.transport.IncomingFramesFuzzTest.ClientOnFakeSocket;
import dev.monologue.binding.SampleService;
import dev.monologue.binding.SampleService.Mood;
import dev.monologue.binding.SampleService.Person;
import dev.monologue.binding.ServiceBindings;
import dev.monologue.wire.ErrorCode;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fuzzes how a client decodes the {@code args} of incoming requests, through its real frame handler (parse, route,
 * decode, reply): for string-named {@code on(...)} handlers that read their arguments with {@code Arguments.get},
 * and for a service served by its generated and by its reflective skeleton. Whatever the arguments, a request gets
 * exactly one reply: an ACK, or an ERR with {@code BAD_ARGUMENTS} (or {@code NO_SUCH_METHOD} when the input named
 * no method) and never {@code HANDLER_FAILED}, since these handlers only fail if they were handed a value of the
 * wrong type. The generated and the reflective skeleton answer alike. No input ever gets a class it names
 * instantiated ({@link Canary} would notice): Jackson's polymorphic default typing stays off.
 *
 * <p>Inputs are text: the method's wire name, a newline, then the JSON text of the {@code args} array, spliced into
 * the request as is (an unknown name picks a method by its hash). {@code anyRequest} takes a whole request payload.
 * A plain build replays {@code ArgumentsFuzzTestInputs/}; see docs/fuzzing.md.
 */
class ArgumentsFuzzTest {
  static final String CALLER = "PEER";

  /** Set when the canary class is initialized, which only instantiating it by its name from an input could do. */
  static volatile boolean canaryInitialized;

  /** A class an attacker might name in a type hint: public, no-arg constructor, Serializable. */
  public static final class Canary implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      canaryInitialized = true;
    }

    public String value;
  }

  public record Meeting(String title, Instant start, Duration length, LocalDate day, OffsetDateTime reminder,
      ZoneId zone) {}

  private static final Type PEOPLE = new TypeReference<List<Map<String, Person>>>() {}.getType();
  private static final Type NICKNAME = new TypeReference<Optional<String>>() {}.getType();
  private static final Type PROPERTIES = new TypeReference<Map<String, Object>>() {}.getType();

  /** Handlers as users write them: they read their arguments and would only throw if handed the wrong type. */
  private static final Map<String, dev.monologue.MethodHandler> HANDLERS = handlers();

  private static Map<String, dev.monologue.MethodHandler> handlers() {
    Map<String, dev.monologue.MethodHandler> h = new LinkedHashMap<>();
    h.put("meeting", args -> {
      Meeting m = args.get(0, Meeting.class);
      return m == null ? "none" : m.title();
    });
    h.put("people", args -> {
      @SuppressWarnings("unchecked")
      List<Map<String, Person>> people = (List<Map<String, Person>>) args.get(0, PEOPLE);
      return deepCheckPeople(people);
    });
    h.put("count", args -> {
      int n = args.get(0, int.class);
      return n;
    });
    h.put("nickname", args -> {
      @SuppressWarnings("unchecked")
      Optional<String> nickname = (Optional<String>) args.get(0, NICKNAME);
      return nickname.orElse("none");
    });
    h.put("mood", args -> {
      Mood mood = args.get(0, Mood.class);
      return mood == null ? "none" : mood.name();
    });
    h.put("scores", args -> {
      double[] scores = args.get(0, double[].class);
      return scores == null ? -1 : scores.length;
    });
    h.put("team", args -> {
      Person[] team = args.get(0, Person[].class);
      int n = 0;
      for (Person p : team == null ? new Person[0] : team) {
        n += p == null ? 0 : 1;
      }
      return n;
    });
    h.put("anything", args -> describeUntyped(args.get(0, Object.class)));
    h.put("properties", args -> describeUntyped(args.get(0, PROPERTIES)));
    h.put("serializable", args -> describeUntyped(args.get(0, Serializable.class)));
    h.put("pair", args -> {
      String name = args.get(0, String.class);
      long size = args.get(1, long.class);
      return name + size;
    });
    h.put("all", args -> {
      int n = 0;
      for (int i = 0; i < args.size(); i++) {
        JsonNode node = args.get(i, JsonNode.class);
        n += node == null ? 0 : node.size();
      }
      args.node(args.size()); // always past the end: BAD_ARGUMENTS
      return n;
    });
    return Map.copyOf(h);
  }

  private static final String[] HANDLER_NAMES = HANDLERS.keySet().stream().sorted().toArray(String[]::new);

  /** On-handlers and the generated skeleton. */
  private static final ClientOnFakeSocket GENERATED = new ClientOnFakeSocket(MonologueOptions.builder());
  /** The reflective skeleton. */
  private static final ClientOnFakeSocket REFLECTIVE = new ClientOnFakeSocket(MonologueOptions.builder());
  private static final String[] SERVICE_METHODS;

  static {
    HANDLERS.forEach(GENERATED.client::on);
    GENERATED.client.registerSkeleton(ServiceBindings.skeleton(SampleService.class, new CheckingSample()));
    REFLECTIVE.client.registerSkeleton(
        ServiceBindings.reflectiveSkeleton(SampleService.class, new CheckingSample()));
    SERVICE_METHODS = ServiceBindings.reflectiveSkeleton(SampleService.class, new CheckingSample()).descriptor()
        .methods().stream().map(m -> m.wireName()).sorted().toArray(String[]::new);
    if (!ServiceBindings.skeleton(SampleService.class, new CheckingSample()).getClass().getSimpleName()
        .endsWith("_MonologueSkeleton")) {
      throw new IllegalStateException("the processor did not generate SampleService's skeleton");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void handlerArguments(byte[] input) throws Throwable {
    String[] nameAndArgs = split(input, HANDLER_NAMES);
    String frame = request(nameAndArgs[0], nameAndArgs[1]);
    String[] replies = answer(GENERATED, frame);
    if (replies != null) {
      JsonNode payload = IncomingFramesFuzzTest.MAPPER.readTree(replies[0]).get("payload");
      checkNotAHandlerFailure(payload, frame);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void skeletonArguments(byte[] input) throws Throwable {
    String[] nameAndArgs = split(input, SERVICE_METHODS);
    String frame = request(nameAndArgs[0], nameAndArgs[1]);
    String[] generated = answer(GENERATED, frame);
    String[] reflective = answer(REFLECTIVE, frame);
    if (generated != null) {
      checkNotAHandlerFailure(IncomingFramesFuzzTest.MAPPER.readTree(generated[0]).get("payload"), frame);
      assertEquals(generated[0], reflective[0], "the generated and the reflective skeleton answer alike");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyRequest(byte[] input) throws Throwable {
    String payload = new String(input, StandardCharsets.UTF_8);
    String marked = marked(payload);
    // As sent by an original client (no version marker) and, when it is an object, by a Java caller.
    for (String p : marked == null ? List.of(payload) : List.of(payload, marked)) {
      String frame = "{\"from\":\"" + CALLER + "\",\"payload\":" + p + "}";
      for (ClientOnFakeSocket client : List.of(GENERATED, REFLECTIVE)) {
        String[] replies = answer(client, frame);
        if (replies != null) {
          checkNotAHandlerFailure(IncomingFramesFuzzTest.MAPPER.readTree(replies[0]).get("payload"), frame);
        }
      }
    }
  }

  /** {@code payload} with the version marker of Java callers first, when it starts as an object; else null. */
  private static String marked(String payload) {
    String t = payload.stripLeading();
    if (!t.startsWith("{")) {
      return null;
    }
    String rest = t.substring(1).stripLeading();
    return "{\"v\":2" + (rest.startsWith("}") ? "" : ",") + rest;
  }

  /** Delivers {@code frame}; checks the reply it must get, if any, and returns it (null: none was due). */
  private static String[] answer(ClientOnFakeSocket client, String frame) throws Throwable {
    client.drain();
    client.receive(frame); // must not throw
    List<String> out = client.drain();
    assertFalse(canaryInitialized, "a class named by the input was instantiated: " + frame);
    String[] expected = IncomingFramesFuzzTest.expectedReply(frame);
    if (expected == null) {
      assertEquals(List.of(), out, "no frame may answer " + frame);
      return null;
    }
    if (expected[2].equals(IncomingFramesFuzzTest.ORIGINAL_REQ)) {
      // an original client's request: its ACK, or nothing when it failed (checkReply refuses an ERR)
      assertTrue(out.size() <= 1, "at most one reply to " + frame + ", got " + out);
      if (out.isEmpty()) {
        return null;
      }
    } else {
      assertEquals(1, out.size(), "exactly one reply to " + frame + ", got " + out);
    }
    IncomingFramesFuzzTest.checkReply(out.get(0), expected);
    return new String[] {out.get(0)};
  }

  private static final Set<String> ALLOWED_CODES =
      Set.of(RemoteFailureException.BAD_ARGUMENTS, ErrorCode.NO_SUCH_METHOD.wire());

  private static void checkNotAHandlerFailure(JsonNode payload, String frame) {
    if (!"ERR".equals(payload.path("type").textValue())) {
      return;
    }
    JsonNode error = payload.path("error");
    String code = error.path("code").textValue();
    if (!ALLOWED_CODES.contains(code)) {
      fail("a request got " + code + " (" + error.path("remoteType").textValue() + ": "
          + error.path("message").textValue() + ") instead of an ACK or BAD_ARGUMENTS: " + frame);
    }
    if (RemoteFailureException.BAD_ARGUMENTS.equals(code)) {
      assertTrue(error.path("message").isTextual() && !error.path("message").textValue().isEmpty(),
          "BAD_ARGUMENTS says what is wrong: " + payload);
    }
  }

  /** {wire name, args text}: the input up to its first newline names the method, the rest is the args. */
  private static String[] split(byte[] input, String[] names) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String name = nl < 0 ? "" : text.substring(0, nl);
    String args = nl < 0 ? text : text.substring(nl + 1);
    if (!List.of(names).contains(name)) {
      name = names[Math.floorMod(name.hashCode(), names.length)];
    }
    return new String[] {name, args};
  }

  /** A request from a Java caller (with the version marker), which gets an ERR when it fails. */
  private static String request(String name, String argsText) {
    return "{\"from\":\"" + CALLER + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"t0\",\"name\":\"" + name
        + "\",\"args\":" + argsText + ",\"v\":2}}";
  }

  /** Walks a decoded List<Map<String, Person>>: any element of another type means the decoding lied. */
  private static int deepCheckPeople(List<Map<String, Person>> people) {
    int n = 0;
    for (Map<String, Person> byName : people == null ? List.<Map<String, Person>>of() : people) {
      if (byName == null) {
        continue;
      }
      for (Map.Entry<String, Person> e : byName.entrySet()) {
        String key = e.getKey();
        Person person = e.getValue();
        n += key.length() + (person == null ? 0 : 1);
      }
    }
    return n;
  }

  /** Untyped JSON must decode to maps, lists, strings, numbers, booleans and nulls, nothing else. */
  private static int describeUntyped(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return 1;
    }
    if (value instanceof Map<?, ?> map) {
      int n = 1;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new AssertionError("a map key of type " + e.getKey().getClass().getName());
        }
        n += describeUntyped(e.getValue());
      }
      return n;
    }
    if (value instanceof List<?> list) {
      int n = 1;
      for (Object element : list) {
        n += describeUntyped(element);
      }
      return n;
    }
    throw new AssertionError("untyped JSON decoded to a " + value.getClass().getName());
  }

  /** Serves SampleService; throws only when an argument is not of its declared type. */
  static final class CheckingSample implements SampleService {
    @Override
    public String hello(String from, String to) {
      return from + to;
    }

    @Override
    public int add(int a, long b, boolean c, double[] d) {
      return a + (int) b + (c ? 1 : 0) + (d == null ? 0 : d.length);
    }

    @Override
    public void remember(List<Map<String, Person>> people) {
      deepCheckPeople(people);
    }

    @Override
    public CompletableFuture<Person> find(String name) {
      return CompletableFuture.completedFuture(new Person(name, 1));
    }

    @Override
    public CompletionStage<List<Person>> friends(Person person) {
      return CompletableFuture.completedFuture(person == null ? List.of() : List.of(person));
    }

    @Override
    public CompletableFuture<Void> ping() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<Mood> mood(Optional<String> name, Instant at) {
      if (name == null) {
        throw new AssertionError("an Optional parameter decoded to null");
      }
      return name.map(n -> Mood.HAPPY);
    }

    @Override
    public List<String>[] batches(Map<Mood, List<String>[]> byMood, Person... extra) {
      int n = 0;
      if (byMood != null) {
        for (Map.Entry<Mood, List<String>[]> e : byMood.entrySet()) {
          Mood mood = e.getKey();
          n += mood == null ? 0 : 1;
          for (List<String> batch : e.getValue() == null ? new List[0] : e.getValue()) {
            for (String s : batch == null ? List.<String>of() : batch) {
              n += s == null ? 0 : s.length();
            }
          }
        }
      }
      for (Person p : extra == null ? new Person[0] : extra) {
        n += p == null ? 0 : 1;
      }
      @SuppressWarnings("unchecked")
      List<String>[] result = new List[] {List.of(String.valueOf(n))};
      return result;
    }

    @Override
    public Map.Entry<String, Integer> entry(Map.Entry<String, List<Long>> entry) {
      int n = 0;
      if (entry != null && entry.getValue() != null) {
        for (Long l : entry.getValue()) {
          n += l == null ? 0 : 1;
        }
      }
      return Map.entry(entry == null || entry.getKey() == null ? "" : entry.getKey(), n);
    }

    @Override
    public String sampleMethod(String value) {
      return value;
    }

    @Override
    public String toString() {
      return "CheckingSample";
    }
  }
}
