package dev.monologue.cli;

import dev.monologue.ConnectionListener;
import dev.monologue.DiscoveryEvent;
import dev.monologue.DiscoveryListener;
import dev.monologue.Monologue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code monologue watch TOPIC}: one line per change of who holds a name or who is in a group, until interrupted
 * (Ctrl-C) or until the client gives up reconnecting.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Prints who holds the name TOPIC (with --group: who is in the group TOPIC) now, then each change,"
        + " one line each: APPEARED or DISAPPEARED, the topic, the connection ID.",
        "Runs until interrupted (Ctrl-C), across reconnects; ends with the exit code of cannot connect when"
            + " reconnecting gives up."})
final class WatchCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "A name, or with --group a group.")
  String topic;

  @Option(names = {"-g", "--group"}, description = "TOPIC is a group.")
  boolean group;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CompletableFuture<Integer> ended = new CompletableFuture<>();
    Monologue client = connection.client();
    // Ctrl-C ends the JVM: close the connection on the way out, so the relay sees this watcher leave at once
    Thread closer = new Thread(client::close, "monologue-watch-close");
    Runtime.getRuntime().addShutdownHook(closer);
    try {
      client.addConnectionListener(new ConnectionListener() {
        @Override
        public void onReconnectFailed(String oldId, int attempts, Throwable lastError) {
          ended.completeExceptionally(lastError);
        }
      });
      client.connect();
      DiscoveryListener print = event -> print(out, event);
      if (group) {
        client.watchGroup(topic, print);
      } else {
        client.watchName(topic, print);
      }
      return ended.join();
    } finally {
      client.close();
    }
  }

  private static void print(PrintWriter out, DiscoveryEvent event) {
    synchronized (out) {
      out.println(event.change() + " " + event.topic() + " " + event.id());
      out.flush();
    }
  }
}
