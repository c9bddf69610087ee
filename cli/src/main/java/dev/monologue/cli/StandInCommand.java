package dev.monologue.cli;

import dev.monologue.standin.StandInMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code monologue stand-in ...}: the local imitation of API Gateway and Lambda, as {@link StandInMain} runs it. */
@Command(name = "stand-in", description = {"Runs the AWS stand-in (API Gateway and Lambda, wss:// only) until"
    + " Ctrl-C.", "Every argument goes to the stand-in: monologue stand-in --help lists its options."})
final class StandInCommand implements Callable<Integer> {
  @Mixin
  ServerArguments arguments;

  @Override
  public Integer call() throws Exception {
    StandInMain.main(arguments.array());
    return ExitCode.OK.code;
  }
}
