package dev.monologue.relay.aws;

import dev.monologue.relay.core.ConnectionKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Which API key each connection uses, on AWS, where a message's event names only its sender's key: recorded from a
 * connection's first message through this Lambda instance (one conditional put, an item {@code k#<connection>} in
 * the names table, expiring with the connection's other items) and read by every instance that routes a message to
 * that connection by ID (one strongly consistent get). A connection's key never changes, so both are remembered
 * here: after the first time, the hot path costs no DynamoDB call. Only a relay whose policy has tenants uses it.
 */
final class DynamoConnectionKeys implements ConnectionKeys {
  /** Connections remembered at most, per Lambda instance; the least recently used are read again when needed. */
  private static final int REMEMBERED = 16_384;
  private static final String KEY_ID = "keyId";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;
  private final Duration lifetime;
  /** Connection ID → its key ID ({@code ""}: none), for connections recorded or read here; access order, bounded. */
  private final Map<String, String> known = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  DynamoConnectionKeys(DynamoDbClient dynamo, String table, Clock clock, Duration lifetime) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
    this.table = Objects.requireNonNull(table, "table == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime == null");
  }

  @Override
  public void sent(String connectionId, String keyId) {
    String id = keyId == null ? "" : keyId;
    synchronized (known) {
      if (known.containsKey(connectionId)) {
        return;
      }
    }
    Instant now = clock.instant();
    Map<String, AttributeValue> item = key(connectionId);
    item.put(KEY_ID, AttributeValue.fromS(id));
    item.put(DynamoNameRegistry.EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(lifetime).getEpochSecond())));
    try {
      // the first message's key stands: API Gateway gives a connection one key for its life
      dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
          .conditionExpression("attribute_not_exists(" + DynamoNameRegistry.PK + ") OR "
              + DynamoNameRegistry.EXPIRES_AT + " <= :now")
          .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
          .build());
    } catch (ConditionalCheckFailedException recordedElsewhere) {
      // another instance recorded it first
    }
    synchronized (known) {
      known.put(connectionId, id);
    }
  }

  @Override
  public Optional<String> keyIdOf(String connectionId) {
    synchronized (known) {
      String id = known.get(connectionId);
      if (id != null) {
        return Optional.of(id);
      }
    }
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(connectionId))
        .consistentRead(true)).item();
    if (item == null || !item.containsKey(KEY_ID) || !item.containsKey(DynamoNameRegistry.EXPIRES_AT)
        || Long.parseLong(item.get(DynamoNameRegistry.EXPIRES_AT).n()) <= clock.instant().getEpochSecond()) {
      return Optional.empty(); // never heard from, or long gone: not remembered, it may yet send
    }
    String id = item.get(KEY_ID).s();
    synchronized (known) {
      known.put(connectionId, id);
    }
    return Optional.of(id);
  }

  private static Map<String, AttributeValue> key(String connectionId) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(DynamoNameRegistry.PK, AttributeValue.fromS("k#" + connectionId));
    key.put(DynamoNameRegistry.SK, AttributeValue.fromS("-"));
    return key;
  }
}
