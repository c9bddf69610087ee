package dev.monologue.cli;

import dev.monologue.relay.RelayMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code monologue relay ...}: the local relay, as {@link RelayMain} runs it, with its own options. */
@Command(name = "relay", description = {"Runs a local relay until Ctrl-C.",
    "Every argument goes to the relay: monologue relay --help lists its options."})
final class RelayCommand implements Callable<Integer> {
  @Mixin
  ServerArguments arguments;

  @Override
  public Integer call() throws Exception {
    RelayMain.main(arguments.array());
    return ExitCode.OK.code;
  }
}
