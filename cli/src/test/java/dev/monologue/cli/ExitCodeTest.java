package dev.monologue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectFailedException;
import dev.monologue.RemoteFailureException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

  @Test
  void failuresInsideCompletionExceptionsKeepTheirCode() {
    assertEquals(ExitCode.TIMEOUT,
        ExitCode.of(new CompletionException(new CallTimeoutException("m", "p", Duration.ofSeconds(1)))));
    assertEquals(ExitCode.REMOTE_ERROR,
        ExitCode.of(new CompletionException(new RemoteFailureException("m", "p", "HANDLER_FAILED", null, "x"))));
    assertEquals(ExitCode.CANNOT_CONNECT, ExitCode.of(new ConnectFailedException(URI.create("ws://h"), "no", null)));
    assertEquals(ExitCode.FAILED, ExitCode.of(new IllegalStateException("?")));
  }

  @Test
  void codesAreDistinct() {
    Set<Integer> seen = new HashSet<>();
    for (ExitCode c : ExitCode.values()) {
      assertTrue(seen.add(c.code), c + " repeats the code " + c.code);
    }
  }

  /** docs/running.md's table is the same table: a code added or renumbered here must be documented there. */
  @Test
  void docsDocumentEveryCode() throws Exception {
    String readme = Files.readString(Path.of("..", "docs", "running.md"));
    for (ExitCode c : ExitCode.values()) {
      assertTrue(readme.contains("\n| " + c.code + " | " + c.meaning.substring(0, Math.min(12, c.meaning.length()))),
          "docs/running.md's exit-code table lacks " + c.code + " | " + c.meaning);
    }
  }
}
