package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.RelayEvent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kept inputs of {@link RouterFuzzTest} reach every kind of answer the relay gives: the success answer of each
 * {@link Action}, every discovery event, the fan-out report, and the errors a router can give on its own, so the
 * fuzzer starts from each of those paths rather than only from refusals.
 */
class RouterSeedsTest {
  static final String SEEDS = "RouterFuzzTestInputs/anyFrame";

  @Test
  void theSeedsReachEveryKindOfAnswer() throws Exception {
    Set<String> reached = new TreeSet<>();
    List<Path> seeds = seeds();
    assertTrue(seeds.size() >= 10, "seeds: " + seeds);
    for (Path seed : seeds) {
      RouterScript script = new RouterScript(); // each seed on a fresh relay, as the fuzzer runs it
      script.run(new String(Files.readAllBytes(seed), StandardCharsets.UTF_8)); // as the fuzz test reads it
      reached.addAll(script.kinds);
    }
    Set<String> missing = new TreeSet<>(expectedKinds());
    missing.removeAll(reached);
    assertEquals(Set.of(), missing, "answer kinds no seed reaches; reached: " + reached);
  }

  /** Every kind a router answers with; a new action, event or relay error code has to be added here. */
  static Set<String> expectedKinds() {
    Set<String> kinds = new TreeSet<>();
    for (Action a : Action.values()) {
      switch (a) {
        case WHOAMI:
        case LOOPBACK:
        case SENDANY:
          kinds.add("DELIVERED " + a.wire());
          break;
        case SENDMESSAGE:
          kinds.add("DELIVERED sendmessage");
          kinds.add("DELIVERED sendmessage to a name");
          kinds.add("WITHHELD sendmessage");
          break;
        case SENDALL:
          kinds.add("DELIVERED sendall");
          kinds.add("FANOUT sendall");
          break;
        case PING:
          kinds.add("NOTHING ping");
          break;
        case KEEPALIVE:
          kinds.add("KEEPALIVE keepalive");
          break;
        case WATCH:
          kinds.add("ACK watch name");
          kinds.add("ACK watch group");
          break;
        case PROBE:
        case CLAIM:
        case RELEASE:
        case JOIN:
        case LEAVE:
        case MEMBERS:
        case UNWATCH:
          kinds.add("ACK " + a.wire());
          break;
        default:
          throw new AssertionError("no answer kind known for the action " + a);
      }
    }
    kinds.add("BARE whoami");
    for (RelayEvent e : RelayEvent.values()) {
      kinds.add("EVENT " + e.wire());
    }
    for (ErrorCode c : ErrorCode.values()) {
      // a binary frame never reaches onText; NAMES_UNAVAILABLE needs a registry that fails (RouterTest has it)
      if (c.source() == ErrorCode.Source.RELAY && c != ErrorCode.BINARY_NOT_SUPPORTED
          && c != ErrorCode.NAMES_UNAVAILABLE) {
        kinds.add("ERR " + c.wire());
      }
    }
    return kinds;
  }

  static List<Path> seeds() throws URISyntaxException, java.io.IOException {
    Path dir = Path.of(RouterSeedsTest.class.getResource(SEEDS).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
    }
  }
}
