package dev.monologue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueJson;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;

/**
 * The NATS contender's echo, as a NATS user writes it: the subject, the request body (the arguments as a JSON array,
 * as our calls send them) and the reply (the JSON-encoded return value). Both sides decode with Jackson, so the NATS
 * contender does the same JSON work per call as ours.
 */
final class NatsEcho {
  static final String SUBJECT = "bench.echo";
  static final ObjectMapper JSON = MonologueJson.newMapper();

  private NatsEcho() {}

  static Connection connect(String url) throws IOException, InterruptedException {
    Options options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(10))
        .noReconnect().build();
    return Nats.connect(options);
  }

  static byte[] request(String payload) {
    try {
      return JSON.writeValueAsBytes(new String[] {payload});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The callee's side: the first argument, returned. */
  static byte[] answer(byte[] request) throws IOException {
    String[] args = JSON.readValue(request, String[].class);
    return JSON.writeValueAsBytes(args[0]);
  }

  static String reply(byte[] body) throws IOException {
    return JSON.readValue(body, String.class);
  }
}
