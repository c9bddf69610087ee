package dev.monologue.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.Monologue;
import dev.monologue.MonologueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code monologue call TARGET METHOD [ARG...]}: one call, its JSON result on stdout. */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = {"Calls METHOD on the machine TARGET (a connection ID or a claimed name) and prints its result"
        + " as JSON.", "Each ARG is one JSON value: 42, true, '\"text\"', '{\"id\": 7}'."})
final class CallCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "TARGET", description = "A connection ID or a name (with --any: a group).")
  String target;

  @Parameters(index = "1", paramLabel = "METHOD", description = "The method's wire name.")
  String method;

  @Parameters(index = "2..*", paramLabel = "ARG", description = "The arguments, each a JSON value.")
  List<String> args = new ArrayList<>();

  @Option(names = "--any", description = "TARGET is a group: one live member answers, in turn.")
  boolean any;

  @Option(names = "--pretty", description = "Indents the JSON result.")
  boolean pretty;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = MonologueJson.newMapper();
    Object[] values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = mapper.readTree(args.get(i));
      } catch (JsonProcessingException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Argument " + (i + 1) + " of " + method
            + " is not JSON: " + args.get(i) + " (" + e.getOriginalMessage() + "); quote a string as '\"text\"'");
      }
    }
    try (Monologue client = connection.client()) {
      client.connect();
      JsonNode result = any ? client.callAny(target, method, JsonNode.class, values).join()
          : client.call(target, method, values).join();
      String text = pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result)
          : mapper.writeValueAsString(result);
      spec.commandLine().getOut().println(text);
      return ExitCode.OK.code;
    }
  }
}
