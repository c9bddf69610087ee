package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monologue.wire.Action;
import dev.monologue.wire.Fields;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON events API Gateway and SQS hand a Lambda function, shaped as AWS documents them, turned into the event
 * objects by the Lambda runtime's own serialization ({@code aws-lambda-java-serialization}); and the functions'
 * results turned back into JSON the same way, as the runtime would before API Gateway or SQS read them.
 */
final class LambdaEvents {
  /** The routes of the WebSocket API besides {@code $connect}, {@code $disconnect} and {@code $default}. */
  static final Set<String> ACTION_ROUTES = Set.of(Action.WHOAMI.wire(), Action.LOOPBACK.wire(),
      Action.SENDMESSAGE.wire(), Action.KEEPALIVE.wire());

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper = new ObjectMapper();
  private final String apiId;
  private final String stage;
  private final String domainName;
  private final PojoSerializer<APIGatewayV2WebSocketEvent> webSocketEvents;
  private final PojoSerializer<APIGatewayV2WebSocketResponse> webSocketResponses;
  private final PojoSerializer<SQSEvent> queueEvents;
  private final PojoSerializer<SQSBatchResponse> queueResponses;

  LambdaEvents(String apiId, String stage, String domainName) {
    this.apiId = apiId;
    this.stage = stage;
    this.domainName = domainName;
    ClassLoader cl = LambdaEvents.class.getClassLoader();
    this.webSocketEvents = LambdaEventSerializers.serializerFor(APIGatewayV2WebSocketEvent.class, cl);
    this.webSocketResponses = LambdaEventSerializers.serializerFor(APIGatewayV2WebSocketResponse.class, cl);
    this.queueEvents = LambdaEventSerializers.serializerFor(SQSEvent.class, cl);
    this.queueResponses = LambdaEventSerializers.serializerFor(SQSBatchResponse.class, cl);
  }

  /** The route API Gateway picks with {@code $request.body.action}: a known action, else {@code $default}. */
  String routeKey(String body) {
    try {
      JsonNode action = mapper.readTree(body).get(Fields.ACTION);
      if (action != null && action.isTextual() && ACTION_ROUTES.contains(action.textValue())) {
        return action.textValue();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: API Gateway routes it to $default
    }
    return "$default";
  }

  /** The {@code $connect} event JSON. */
  String connect(StandInConnection c, Map<String, String> headers) {
    ObjectNode event = mapper.createObjectNode();
    ObjectNode single = event.putObject("headers");
    ObjectNode multi = event.putObject("multiValueHeaders");
    headers.forEach((name, value) -> {
      single.put(name, value);
      multi.putArray(name).add(value);
    });
    single.put("X-Forwarded-For", c.sourceIp());
    multi.putArray("X-Forwarded-For").add(c.sourceIp());
    requestContext(event, c, "$connect", "CONNECT", Instant.now());
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  /** A message event JSON; a binary frame arrives base64-encoded, as API Gateway passes it on. */
  String message(StandInConnection c, String routeKey, String body, boolean base64) {
    ObjectNode event = mapper.createObjectNode();
    ObjectNode rc = requestContext(event, c, routeKey, "MESSAGE", Instant.now());
    rc.put("messageId", shortId());
    event.put("body", body);
    event.put("isBase64Encoded", base64);
    return event.toString();
  }

  /** The {@code $disconnect} event JSON, with the connection's WebSocket close {@code code} and {@code reason}. */
  String disconnect(StandInConnection c, int code, String reason) {
    ObjectNode event = mapper.createObjectNode();
    event.putObject("headers").put("Host", domainName);
    event.putObject("multiValueHeaders").putArray("Host").add(domainName);
    ObjectNode rc = requestContext(event, c, "$disconnect", "DISCONNECT", Instant.now());
    rc.put("disconnectStatusCode", code);
    rc.put("disconnectReason", reason);
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  /** The SQS event JSON for one batch of bodies; fills {@code messageIds} with the IDs given to the records. */
  String queueBatch(List<String> bodies, String queueArn, List<String> messageIds) {
    ObjectNode event = mapper.createObjectNode();
    ArrayNode records = event.putArray("Records");
    long now = System.currentTimeMillis();
    for (String body : bodies) {
      String id = UUID.randomUUID().toString();
      messageIds.add(id);
      ObjectNode r = records.addObject();
      r.put("messageId", id);
      r.put("receiptHandle", UUID.randomUUID().toString().replace("-", ""));
      r.put("body", body);
      ObjectNode attributes = r.putObject("attributes");
      attributes.put("ApproximateReceiveCount", "1");
      attributes.put("SentTimestamp", Long.toString(now));
      attributes.put("SenderId", AwsStandIn.ACCOUNT);
      attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(now));
      r.putObject("messageAttributes");
      r.put("md5OfBody", md5Hex(body));
      r.put("eventSource", "aws:sqs");
      r.put("eventSourceARN", queueArn);
      r.put("awsRegion", AwsStandIn.REGION);
    }
    return event.toString();
  }

  APIGatewayV2WebSocketEvent webSocketEvent(String json) {
    return webSocketEvents.fromJson(json);
  }

  SQSEvent queueEvent(String json) {
    return queueEvents.fromJson(json);
  }

  /** The status code API Gateway would read from the function's result; 502 for no result, as API Gateway. */
  int statusCode(APIGatewayV2WebSocketResponse response) {
    if (response == null) {
      return 502;
    }
    JsonNode json = readTree(toJson(webSocketResponses, response));
    return json.path("statusCode").asInt(502);
  }

  /** The {@code batchItemFailures[].itemIdentifier} the event source mapping would read. */
  List<String> batchItemFailures(SQSBatchResponse response) {
    List<String> ids = new ArrayList<>();
    if (response != null) {
      for (JsonNode f : readTree(toJson(queueResponses, response)).path("batchItemFailures")) {
        ids.add(f.path("itemIdentifier").asText());
      }
    }
    return ids;
  }

  private ObjectNode requestContext(ObjectNode event, StandInConnection c, String routeKey, String eventType,
      Instant now) {
    ObjectNode rc = event.putObject("requestContext");
    rc.put("routeKey", routeKey);
    rc.put("eventType", eventType);
    rc.put("extendedRequestId", shortId());
    rc.put("requestTime", REQUEST_TIME.format(now));
    rc.put("messageDirection", "IN");
    rc.put("stage", stage);
    rc.put("connectedAt", c.connectedAt().toEpochMilli());
    rc.put("requestTimeEpoch", now.toEpochMilli());
    ObjectNode identity = rc.putObject("identity");
    identity.put("sourceIp", c.sourceIp());
    if (c.userAgent() != null) {
      identity.put("userAgent", c.userAgent());
    }
    if (c.apiKey() != null) {
      // API Gateway's $context.identity.apiKey and apiKeyId, for a connection made with a key
      identity.put("apiKey", c.apiKey());
      identity.put("apiKeyId", apiKeyId(c.apiKey()));
    }
    rc.put("requestId", shortId());
    rc.put("domainName", domainName);
    rc.put("connectionId", c.gatewayId());
    rc.put("apiId", apiId);
    return rc;
  }

  /** A stand-in for the ID API Gateway gives an API key: ten characters derived from the key. */
  static String apiKeyId(String apiKey) {
    return dev.monologue.relay.core.ApiKeyIds.of(apiKey).substring(dev.monologue.relay.core.ApiKeyIds.PREFIX.length(),
        dev.monologue.relay.core.ApiKeyIds.PREFIX.length() + 10);
  }

  private static <T> String toJson(PojoSerializer<T> serializer, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.toJson(value, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the Lambda serializer wrote invalid JSON: " + json, e);
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String md5Hex(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }
}
