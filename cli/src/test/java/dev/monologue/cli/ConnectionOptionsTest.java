package dev.monologue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The client flags are the client's settings: described and applied through their table, in this JVM. */
class ConnectionOptionsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return MonologueCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void eachClientFlagsHelpIsItsSettingsDescriptionAndDefault() {
    for (String command : new String[] {"call", "members", "watch", "whoami"}) {
      out.getBuffer().setLength(0);
      assertEquals(0, run(command, "--help"), err.toString());
      String help = squeezed(out.toString()); // picocli wraps lines where it likes
      for (String key : new String[] {"endpoint", "apiKey", "timeout"}) {
        Setting s = Setting.named(key);
        assertTrue(help.contains(squeezed(s.description())),
            command + " --help lacks " + key + "'s description: " + help);
        assertTrue(help.contains("$" + s.environmentVariable()), command + " --help: " + help);
      }
      assertTrue(help.contains(squeezed("then .monologuerc, then PT15S.")), command + " --help: " + help);
    }
  }

  private static String squeezed(String text) {
    return text.replaceAll("\\s+", "");
  }

  @Test
  void aValueTheSettingRefusesIsAUsageErrorNamingTheFlag() {
    assertEquals(ExitCode.USAGE.code, run("whoami", "--timeout", "PT0S"), err.toString());
    assertTrue(err.toString().contains("--timeout must be positive, was PT0S"), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(ExitCode.USAGE.code, run("whoami", "--endpoint", "http://127.0.0.1:1"), err.toString());
    assertTrue(err.toString().contains("--endpoint: endpoint must be a ws:// or wss:// URI"), err.toString());
  }
}
