package dev.monologue.bench;

import dev.monologue.relay.aws.ManagementSettings;
import dev.monologue.relay.aws.RetryPolicy;
import dev.monologue.relay.aws.WebSocketHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * One measurement of the AWS path's cost per message, in a JVM of its own so that its first call is a cold one:
 * either {@code postToConnection} through one of the SDK's HTTP clients ({@code url-connection}, {@code apache},
 * {@code crt}), or ({@code handler}) the relay's whole {@link WebSocketHandler} handling a {@code sendmessage} (its
 * client is url-connection's), both against the stand-in's {@code @connections} API. Prints
 * {@code aws <what> <first call ms> <first call of a new client ms> <p50 µs> <p99 µs> <CPU µs per message>}.
 * Usage: {@code AwsCostProcess <management endpoint> <connection ID> <what> <calls>}.
 */
public final class AwsCostProcess {
  private static final String FRAME = "{\"from\":\"bench\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\",\"name\":"
      + "\"echo\",\"args\":[\"" + Connection.PAYLOAD + "\"]}}";

  private AwsCostProcess() {}

  /** One way of sending a message that the stand-in delivers. */
  private interface Sender extends AutoCloseable {
    void send();

    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String to = args[1];
    String what = args[2];
    int calls = Integer.parseInt(args[3]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = System.nanoTime();
    long[] samples = new long[calls];
    long cpu;
    long first;
    try (Sender sender = sender(endpoint, to, what)) {
      sender.send();
      first = System.nanoTime() - start; // a cold JVM: classes loaded, the client built, a connection opened
      for (int i = 0; i < calls; i++) {
        sender.send(); // warm-up: as many as measured
      }
      long cpu0 = os.getProcessCpuTime();
      for (int i = 0; i < calls; i++) {
        long t = System.nanoTime();
        sender.send();
        samples[i] = System.nanoTime() - t;
      }
      cpu = os.getProcessCpuTime() - cpu0;
    }
    // A new client in this warm JVM: like the first message after a SnapStart restore (classes loaded and
    // compiled, no connection open), without the snapshot.
    long again = System.nanoTime();
    try (Sender sender = sender(endpoint, to, what)) {
      sender.send();
    }
    long newClient = System.nanoTime() - again;
    Arrays.sort(samples);
    System.out.printf("aws %s %.2f %.2f %.0f %.0f %.0f%n", what, first / 1e6, newClient / 1e6,
        samples[calls / 2] / 1e3, samples[(int) Math.ceil(calls * 0.99) - 1] / 1e3, cpu / 1e3 / calls);
    System.out.flush();
  }

  private static Sender sender(URI endpoint, String to, String what) {
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret"));
    if (what.equals("handler")) {
      WebSocketHandler handler = new WebSocketHandler(
          new ManagementSettings(endpoint, Region.US_EAST_1, credentials, RetryPolicy.DEFAULT));
      APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
      APIGatewayV2WebSocketEvent.RequestContext rc = new APIGatewayV2WebSocketEvent.RequestContext();
      rc.setConnectionId(to);
      rc.setEventType("MESSAGE");
      rc.setRouteKey("sendmessage");
      rc.setStage("bench");
      rc.setDomainName("bench.execute-api.us-east-1.amazonaws.com");
      event.setRequestContext(rc);
      event.setBody("{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"t\","
          + "\"name\":\"echo\",\"args\":[\"" + Connection.PAYLOAD + "\"]}}");
      return new Sender() {
        @Override
        public void send() {
          int status = handler.handleRequest(event, null).getStatusCode();
          if (status != 200) {
            throw new IllegalStateException("the handler answered " + status);
          }
        }

        @Override
        public void close() {}
      };
    }
    SdkHttpClient.Builder<?> http = switch (what) {
      case "url-connection" -> UrlConnectionHttpClient.builder();
      case "apache" -> ApacheHttpClient.builder();
      case "crt" -> AwsCrtHttpClient.builder();
      default -> throw new IllegalArgumentException("unknown: " + what);
    };
    RetryStrategy noRetries = AwsRetryStrategy.doNotRetry();
    ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClientBuilder(http)
        .overrideConfiguration(c -> c.retryStrategy(noRetries))
        .build();
    SdkBytes data = SdkBytes.fromUtf8String(FRAME);
    return new Sender() {
      @Override
      public void send() {
        client.postToConnection(r -> r.connectionId(to).data(data));
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
