package dev.monologue.standin;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB's IAM check in front of dynalite, on loopback: the functions' DynamoDB client talks to this proxy, which
 * reads the action from {@code X-Amz-Target} ({@code DynamoDB_20120810.PutItem} is {@code dynamodb:PutItem}) and the
 * tables from the JSON body ({@code TableName}, with {@code IndexName} the index's ARN {@code TABLE_ARN/index/NAME};
 * the tables of {@code RequestItems} and {@code TransactItems}), asks {@link FunctionRoles} and forwards what the
 * caller's role allows unchanged (dynalite checks no signature), answering the rest as DynamoDB does: HTTP 400,
 * {@code com.amazon.coral.service#AccessDeniedException}, which the SDK raises as a {@code DynamoDbException} with
 * error code {@code AccessDeniedException}.
 */
final class DynamoIamProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DynamoIamProxy.class);
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  /** Headers java.net.http sets itself and refuses to be given. */
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
  /** The operations of TransactWriteItems / TransactGetItems, and the action IAM checks for each. */
  private static final Map<String, String> TRANSACT_ACTIONS = Map.of("Put", "PutItem", "Update", "UpdateItem",
      "Delete", "DeleteItem", "ConditionCheck", "ConditionCheckItem", "Get", "GetItem");

  private final URI dynalite;
  private final FunctionRoles roles;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  DynamoIamProxy(URI dynalite, FunctionRoles roles) {
    this.dynalite = dynalite;
    this.roles = roles;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind the DynamoDB IAM proxy on 127.0.0.1", e);
    }
    executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "dynamodb-iam");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    // its own threads: a forward blocks a server thread until dynalite answers, on the client's threads
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  void start() {
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}, the functions' DynamoDB endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    try {
      FunctionRole.Refusal refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
      if (refusal != null) {
        log.info("DynamoDB IAM check refused: {}", refusal.dynamoDbMessage());
        respond(exchange, 400, "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\""
            + new String(JsonStringEncoder.getInstance().quoteAsString(refusal.dynamoDbMessage())) + "\"}");
        return;
      }
      forward(exchange, body);
    } catch (IOException | RuntimeException e) {
      log.error("DynamoDB IAM proxy failed on {}", exchange.getRequestHeaders().getFirst("X-Amz-Target"), e);
      respond(exchange, 500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\""
          + new String(JsonStringEncoder.getInstance().quoteAsString("stand-in proxy failure: " + e)) + "\"}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}");
    }
  }

  /** The first refusal among the request's action-resource pairs, or null when the caller may make them all. */
  private FunctionRole.Refusal refusal(String authorization, String target, byte[] body) throws IOException {
    if (roles.caller(authorization) == null) {
      return null; // not a function's key: nothing to check (FunctionRoles)
    }
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return roles.check(authorization, "dynamodb:" + target, "*"); // not DynamoDB's: no policy allows it
    }
    String operation = target.substring(TARGET_PREFIX.length());
    for (String[] pair : checks(operation, body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body))) {
      FunctionRole.Refusal r = roles.check(authorization, "dynamodb:" + pair[0], pair[1]);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** What IAM checks for one request: {action, resource ARN} pairs. */
  private List<String[]> checks(String operation, JsonNode request) {
    List<String[]> out = new ArrayList<>();
    if (request.has("TableName")) {
      String table = tableArn(request.get("TableName").asText());
      out.add(new String[] {operation, request.has("IndexName")
          ? table + "/index/" + request.get("IndexName").asText() : table});
    }
    request.path("RequestItems").fieldNames().forEachRemaining(t -> out.add(new String[] {operation, tableArn(t)}));
    for (JsonNode item : request.path("TransactItems")) {
      item.fields().forEachRemaining(op -> out.add(new String[] {
          TRANSACT_ACTIONS.getOrDefault(op.getKey(), operation), tableArn(op.getValue().path("TableName").asText())}));
    }
    if (out.isEmpty()) {
      // ListTables and the like: account-wide, named by IAM as every table
      out.add(new String[] {operation, tableArn("*")});
    }
    return out;
  }

  private static String tableArn(String table) {
    return "arn:aws:dynamodb:" + AwsStandIn.REGION + ":" + AwsStandIn.ACCOUNT + ":table/" + table;
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(dynalite.resolve(exchange.getRequestURI().toString()))
        .timeout(FORWARD_TIMEOUT)
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> b.header(name, v));
      }
    });
    HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    response.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, new ArrayList<>(new LinkedHashSet<>(values)));
      }
    });
    byte[] out = response.body();
    exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] out = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
