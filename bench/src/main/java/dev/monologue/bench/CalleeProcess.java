package dev.monologue.bench;

import dev.monologue.Monologue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The callees of the JVM contenders, in a JVM of their own as users deploy them: one connection each for the bare
 * echo, the string-named handler, the generated skeleton and the reflective skeleton. Prints
 * {@code callee <contender> <connection ID>} for each, then {@code ready}; stops on {@code quit} or end of input.
 * Usage: {@code CalleeProcess <relay endpoint>}.
 */
public final class CalleeProcess {
  private CalleeProcess() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    List<AutoCloseable> open = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      BarePeer[] bare = new BarePeer[1];
      bare[0] = new BarePeer(endpoint, frame -> {
        BareFrames.Delivered d = BareFrames.Delivered.parse(frame, "args");
        bare[0].send(BareFrames.reply(d.from(), d.token(), d.value())); // answers on the reader thread
      });
      open.add(bare[0]::close);
      announce("bare", bare[0].open());

      Monologue named = Monologue.create(Bench.options(endpoint));
      open.add(named);
      String namedId = named.connect();
      named.on("echo", arguments -> arguments.get(0, String.class));
      announce("string-named", namedId);

      Monologue typed = Monologue.create(Bench.options(endpoint));
      open.add(typed);
      String typedId = typed.connect();
      typed.register(EchoService.class, new EchoService.Echo());
      announce("typed", typedId);

      Monologue proxy = Monologue.create(Bench.options(endpoint));
      open.add(proxy);
      String proxyId = proxy.connect();
      // no generated skeleton exists for it, so register falls back to the reflective one, as for users
      proxy.register(UnprocessedEchoService.class, new UnprocessedEchoService.Echo());
      announce("proxy", proxyId);

      System.out.println("ready");
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        // nothing to answer: the callees serve until told to stop
      }
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static void announce(String contender, String id) {
    System.out.println("callee " + contender + " " + id);
    System.out.flush();
  }
}
