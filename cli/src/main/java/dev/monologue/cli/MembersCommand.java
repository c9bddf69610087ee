package dev.monologue.cli;

import dev.monologue.GroupMember;
import dev.monologue.Monologue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code monologue members GROUP}: one line per member, its connection ID then the names it holds. */
@Command(name = "members", mixinStandardHelpOptions = true,
    description = "Lists the members of GROUP now: one line each, the connection ID, then its names.")
final class MembersCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "GROUP")
  String group;

  @Override
  public Integer call() {
    try (Monologue client = connection.client()) {
      client.connect();
      PrintWriter out = spec.commandLine().getOut();
      for (GroupMember member : client.members(group)) {
        out.println(member.names().isEmpty() ? member.id() : member.id() + " " + String.join(" ", member.names()));
      }
      out.flush();
      return ExitCode.OK.code;
    }
  }
}
