package dev.monologue.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code monologue completion}: the bash (and zsh) completion script picocli generates from these commands. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Prints a completion script for bash and zsh.", "Load it with: source <(monologue completion)"})
final class CompletionCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code;
  }
}
