package dev.monologue.standin;

import dev.monologue.relay.aws.QueueHandler;
import dev.monologue.relay.aws.WebSocketHandler;
import dev.monologue.standin.crac.Core;
import java.lang.ref.Reference;

/**
 * Run in a JVM of its own whose org.crac delegates to {@link Core}: constructs both handlers as Lambda does (their
 * public no-argument constructors, settings from the environment), then runs the hooks as SnapStart does around
 * its snapshot, and prints how many resources took part.
 */
public final class SnapStartChild {
  private SnapStartChild() {}

  public static void main(String[] args) throws Exception {
    WebSocketHandler webSocket = new WebSocketHandler();
    QueueHandler queue = new QueueHandler();
    Core.checkpointRestore();
    System.out.println("restored " + Core.registered() + " resources");
    Reference.reachabilityFence(webSocket); // org.crac holds registered resources weakly
    Reference.reachabilityFence(queue);
  }
}
