package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.monologue.CallOptions;
import dev.monologue.Calls;
import dev.monologue.MonologueOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's calls and those of its {@code withOptions} view check their addresses alike: one code path. */
class OptionCallsTest {
  /** Never connected: every check below fails before anything is sent. */
  private final MonologueClient client =
      new MonologueClient(MonologueOptions.builder().endpoint("ws://127.0.0.1:9").build());
  private final Calls withOptions =
      client.withOptions(CallOptions.builder().timeout(Duration.ofSeconds(3)).build());

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void callAndStubRefuseTheGroupShortcutWithAndWithoutOptions() {
    String expected = "'@workers' is not a connection ID or a name, for work: to call one member of group 'workers'"
        + " use callAny (or stubAny), for all of them callAll";
    assertEquals(expected, refusal(() -> client.call("@workers", "work")));
    assertEquals(expected, refusal(() -> withOptions.call("@workers", "work")));
    assertEquals(expected, refusal(() -> withOptions.call("@workers", "work", String.class)));
    assertEquals(refusal(() -> client.stub("@workers", Runnable.class)),
        refusal(() -> withOptions.stub("@workers", Runnable.class)));
  }

  @Test
  void groupCallsCheckTheGroupNameWithAndWithoutOptions() {
    assertEquals(refusal(() -> client.callAny("no spaces", "work", String.class)),
        refusal(() -> withOptions.callAny("no spaces", "work", String.class)));
    assertEquals(refusal(() -> client.stubAny("no spaces", Runnable.class)),
        refusal(() -> withOptions.stubAny("no spaces", Runnable.class)));
    assertThrows(NullPointerException.class, () -> withOptions.stubAny("workers", null));
  }

  private static String refusal(Callable<?> call) {
    return assertThrows(IllegalArgumentException.class, call::call).getMessage();
  }
}
