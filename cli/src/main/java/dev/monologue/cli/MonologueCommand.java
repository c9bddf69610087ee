package dev.monologue.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code monologue} command: calls, group members, watches and the connection ID as a client, and the local
 * relay and the AWS stand-in as servers. {@code monologue --help} lists the subcommands and the exit codes.
 */
@Command(name = "monologue", mixinStandardHelpOptions = true, versionProvider = MonologueCommand.Version.class,
    description = "Calls methods on machines connected to a Monologue relay, and runs relays.",
    subcommands = {CallCommand.class, MembersCommand.class, WatchCommand.class, WhoamiCommand.class,
        RelayCommand.class, StandInCommand.class, CompletionCommand.class},
    footer = {"", "The client commands read the endpoint, API key and timeout from their options, then the"
        + " MONOLOGUE_* environment variables, then the nearest .monologuerc, as a Monologue client does."})
final class MonologueCommand implements Runnable {
  @picocli.CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** The command line with the exit-code table and failure handling of every subcommand. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new MonologueCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(new Failures());
    cl.setExitCodeExceptionMapper(failure -> ExitCode.of(failure).code);
    cl.setResourceBundle(new SettingHelp()); // the help of the flags that set a client setting, from its table
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.table());
    for (String server : new String[] {"relay", "stand-in"}) {
      // everything after the subcommand, options and --help too, is the server's to read
      cl.getSubcommands().get(server).setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.table());
    }
    return cl;
  }

  /** The version of the jar, from its manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MonologueCommand.class.getPackage().getImplementationVersion();
      return new String[] {"monologue " + (v == null ? "(development build)" : v)};
    }
  }

  /** A failed command prints one line naming the command and what failed, and exits with its code. */
  static final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
      ExitCode code = ExitCode.of(e);
      Throwable shown = e;
      while (shown.getCause() != null && (shown instanceof java.util.concurrent.CompletionException
          || shown instanceof java.util.concurrent.ExecutionException || shown instanceof ConfigurationException)) {
        shown = shown.getCause();
      }
      String message = shown.getMessage() == null ? shown.toString() : shown.getMessage();
      if (code == ExitCode.FAILED) {
        message = shown.getClass().getName() + ": " + message;
      }
      cl.getErr().println("monologue " + cl.getCommandName() + ": " + message);
      cl.getErr().flush();
      return code.code;
    }
  }
}
