package dev.monologue.standin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.monologue.relay.RelayConnections;
import dev.monologue.relay.core.Delivery;
import dev.monologue.wire.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's {@code @connections} management API on loopback, as the AWS SDK calls it:
 * {@code POST /{stage}/@connections/{id}} (the body is the data to send), {@code GET} (the connection's
 * {@code connectedAt}, {@code lastActiveAt} and {@code identity}), {@code DELETE} (close, 204). A connection that is
 * not connected is 410 {@code GoneException}, a body over 128 KB is 413 {@code PayloadTooLargeException}, a request
 * without a SigV4 signature or off these paths is 403 {@code ForbiddenException}, and so is one the calling
 * function's IAM policy does not allow ({@link #checkAccess}); on demand, POSTs are answered 429
 * {@code LimitExceededException}. Every request is recorded.
 */
final class ManagementApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ManagementApiServer.class);
  /** The shape of the IDs API Gateway issues: 16 characters of base64, the last '='. */
  static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9+/_-]{15}=");
  private static final int STALL_SECONDS = 30;
  /** The one IAM action of the management API, whatever the HTTP method. */
  static final String MANAGE_CONNECTIONS = "execute-api:ManageConnections";
  /**
   * Requests answered at once: enough that a fan-out's posts, each held for the post latency, overlap as they do on
   * API Gateway instead of queueing behind a few threads.
   */
  static final int THREADS = 128;

  private final BillingMeter meter;
  private final String stage;
  private final Map<String, StandInConnection> byGatewayId;
  private final Duration postLatency;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper mapper = new ObjectMapper();
  private final List<ManagementRequest> requests = new CopyOnWriteArrayList<>();
  /** What the next posts get instead of delivery, in order. */
  private final Queue<PostFault> postFaults = new ConcurrentLinkedQueue<>();
  /** Released on close: a stalled post waits for it. */
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile RelayConnections connections;
  /** Who may do what ({@link #checkAccess}); null checks nothing. */
  private volatile FunctionRoles roles;
  private volatile String apiId;

  /** With every {@code POST} answered {@code postLatency} after it arrived (its frame delivered first). */
  ManagementApiServer(String stage, Map<String, StandInConnection> byGatewayId, BillingMeter meter,
      Duration postLatency) {
    this.meter = meter;
    this.stage = stage;
    this.byGatewayId = byGatewayId;
    this.postLatency = postLatency;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the @connections stand-in on 127.0.0.1", e);
    }
    executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "connections-api");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** The sockets posts go to; set once the relay front exists, before any client connects. */
  void connections(RelayConnections connections) {
    this.connections = connections;
  }

  void start() {
    server.start();
  }

  /**
   * Checks every request as API Gateway's IAM does: {@value #MANAGE_CONNECTIONS} on
   * {@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/@connections/ID} for the calling function's role,
   * refused with 403 {@code ForbiddenException} and the message AWS gives.
   */
  void checkAccess(FunctionRoles roles, String apiId) {
    this.roles = roles;
    this.apiId = apiId;
  }

  /** {@code http://127.0.0.1:PORT/STAGE}, what the SDK client's {@code endpointOverride} is set to. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage);
  }

  List<ManagementRequest> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  /** The next {@code count} posts are answered {@code status} with {@code x-amzn-ErrorType: errorType}. */
  void failNextPosts(int count, int status, String errorType) {
    for (int i = 0; i < count; i++) {
      postFaults.add(new PostFault(status, errorType, false));
    }
  }

  /** The next {@code count} posts get no answer until the stand-in closes (at most {@value #STALL_SECONDS} s). */
  void stallNextPosts(int count) {
    for (int i = 0; i < count; i++) {
      postFaults.add(new PostFault(504, null, true));
    }
  }

  private record PostFault(int status, String errorType, boolean stall) {}

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Answer answer;
    try {
      answer = answer(exchange, method, path, body);
    } catch (RuntimeException e) {
      log.error("@connections stand-in failed on {} {}", method, path, e);
      answer = Answer.error(500, "InternalServerErrorException", "stand-in failure: " + e);
    }
    if (method.equals("POST") && !postLatency.isZero()) {
      lag(postLatency);
    }
    requests.add(new ManagementRequest(method, path, new String(body, StandardCharsets.UTF_8), answer.status,
        answer.errorType));
    if (answer.errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType);
    }
    exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    if (answer.body == null) {
      exchange.sendResponseHeaders(answer.status, -1);
      exchange.close();
      return;
    }
    byte[] out = answer.body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  private Answer answer(HttpExchange exchange, String method, String path, byte[] body) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ") || !auth.contains("/execute-api/aws4_request")) {
      return Answer.error(403, "ForbiddenException", "Missing Authentication Token");
    }
    String prefix = "/" + stage + "/@connections/";
    String rawId = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    if (rawId.isEmpty() || rawId.contains("/")) {
      return Answer.error(403, "ForbiddenException", "Forbidden");
    }
    // percent-decoding only: a '+' in a path is a plus, not a space
    String id = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
    FunctionRoles checking = roles;
    FunctionRole.Refusal refusal = checking == null ? null : checking.check(auth, MANAGE_CONNECTIONS,
        "arn:aws:execute-api:" + AwsStandIn.REGION + ":" + AwsStandIn.ACCOUNT + ":" + apiId + "/" + stage + "/"
            + method + "/@connections/" + id);
    if (refusal != null) {
      return Answer.error(403, "ForbiddenException", refusal.apiGatewayMessage());
    }
    if (!WELL_FORMED_ID.matcher(id).matches()) {
      // API Gateway answers an ID it could never have issued with 400, and 410 only a well-formed one it does not know
      return Answer.error(400, "BadRequestException", "Invalid connectionId: " + id);
    }
    StandInConnection c = byGatewayId.get(id);
    boolean connected = c != null && c.established() && connections.isOpen(c.localId());
    switch (method) {
      case "POST":
        PostFault fault = postFaults.poll();
        if (fault != null) {
          if (fault.stall()) {
            stall();
          }
          return Answer.error(fault.status(), fault.errorType(), "stand-in fault for this post");
        }
        if (body.length > Limits.MAX_MESSAGE_BYTES) {
          return Answer.error(413, "PayloadTooLargeException",
              "Message payload of " + body.length + " bytes is over the limit of " + Limits.MAX_MESSAGE_BYTES);
        }
        if (!connected || connections.send(c.localId(), new String(body, StandardCharsets.UTF_8)) != Delivery.DELIVERED) {
          return Answer.error(410, "GoneException", null);
        }
        meter.outbound(body.length);
        return new Answer(200, null, null);
      case "GET":
        if (!connected) {
          return Answer.error(410, "GoneException", null);
        }
        ObjectNode info = mapper.createObjectNode();
        info.put("connectedAt", c.connectedAt().toString());
        ObjectNode identity = info.putObject("identity");
        identity.put("sourceIp", c.sourceIp());
        identity.put("userAgent", c.userAgent());
        info.put("lastActiveAt", c.lastActiveAt().toString());
        return new Answer(200, null, info.toString());
      case "DELETE":
        if (!connected || !connections.close(c.localId())) {
          return Answer.error(410, "GoneException", null);
        }
        return new Answer(204, null, null);
      default:
        return Answer.error(403, "ForbiddenException", "Forbidden");
    }
  }

  /** The round trip of a post to API Gateway from a Lambda function, spent on this request's own thread. */
  private void lag(Duration latency) {
    try {
      closing.await(latency.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stall() {
    try {
      closing.await(STALL_SECONDS, TimeUnit.SECONDS); // a management API that does not answer, until closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  /** One HTTP answer: status, {@code x-amzn-ErrorType} (or null) and JSON body (or null for none). */
  private record Answer(int status, String errorType, String body) {
    static Answer error(int status, String type, String message) {
      return new Answer(status, type, message == null ? "{}"
          : "{\"message\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}");
    }
  }
}
