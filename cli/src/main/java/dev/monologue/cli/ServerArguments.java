package dev.monologue.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The arguments of a server subcommand, every one handed unread to the server's own main, {@code --help} too (the
 * subcommand's parser takes options as positional parameters: {@link MonologueCommand#commandLine}).
 */
final class ServerArguments {
  @Parameters(paramLabel = "ARG", arity = "0..*", description = "Arguments of the server; --help lists them.")
  List<String> arguments = new ArrayList<>();

  String[] array() {
    return arguments.toArray(String[]::new);
  }
}
