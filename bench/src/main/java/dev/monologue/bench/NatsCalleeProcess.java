package dev.monologue.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The NATS contender's callee in a JVM of its own, as the other contenders' callees: one connection, one dispatcher
 * subscribed to the echo subject, answering on the dispatcher's thread. Prints {@code callee nats ready}; stops on
 * {@code quit} or end of input. Usage: {@code NatsCalleeProcess <nats URL>}.
 */
public final class NatsCalleeProcess {
  private NatsCalleeProcess() {}

  public static void main(String[] args) throws Exception {
    try (Connection nats = NatsEcho.connect(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      Dispatcher dispatcher = nats.createDispatcher(message -> {
        try {
          nats.publish(message.getReplyTo(), NatsEcho.answer(message.getData()));
        } catch (IOException e) {
          System.err.println("nats callee: bad request: " + e);
        }
      });
      dispatcher.subscribe(NatsEcho.SUBJECT);
      nats.flush(java.time.Duration.ofSeconds(10));
      System.out.println("callee nats ready");
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        // nothing to answer: the callee serves until told to stop
      }
    }
  }
}
