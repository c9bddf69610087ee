package dev.monologue.cli;

import dev.monologue.Monologue;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code monologue whoami}: connects and prints the connection ID the relay gave. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
    description = "Connects and prints the connection ID the relay gave this machine: a check of the configuration.")
final class WhoamiCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Override
  public Integer call() {
    try (Monologue client = connection.client()) {
      spec.commandLine().getOut().println(client.connect());
      return ExitCode.OK.code;
    }
  }
}
