package dev.monologue.samples;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's first command runs this demo: it must keep working and show every section. */
class DemoTest {

  @Test
  void demoShowsEverySectionWithItsOutcome() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Demo.main(new String[0]));
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertTrue(out.contains("Started an embedded relay at ws://127.0.0.1:"), out);
    assertTrue(out.contains("reply: Hello machine2, this is machine1"), out);
    assertTrue(out.contains("HANDLER_FAILED java.lang.ArithmeticException: / by zero"), out);
    assertTrue(out.contains("No reply within 2000 ms for slow on "), out);
    assertTrue(out.contains("hello:    Hello machine1, this is machine2"), out);
    assertTrue(out.contains("hello:    Hello machine2, this is machine1"), out);
    assertTrue(out.contains("greet:    Greeting[text=Nice to meet you, Ada (36)"), out);
    assertTrue(out.contains("remember: QuotaExceededException: can remember 3 people, was asked to remember 4"), out);
    assertTrue(out.contains("== done"), out);
  }
}
