package dev.monologue.relay.aws;

import dev.monologue.relay.core.ClaimOutcome;
import dev.monologue.relay.core.ConnectionKeys;
import dev.monologue.relay.core.NameRegistry;
import dev.monologue.wire.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The AWS relay's {@link NameRegistry}: one DynamoDB table ({@code NamesTable} in template.yaml, keys {@code pk} and
 * {@code sk}) shared by every Lambda instance. A name is one item whose exclusive claim is a conditional put; a group
 * member, a watcher and each thing a connection holds (its "footprint", read on disconnect) are one item each.
 * Every item carries {@code expiresAt} (epoch seconds): a connection cannot outlive API Gateway's 2 hours, so its
 * entries are dead by then even if its disconnect was never seen. DynamoDB's TTL deletes such items only lazily
 * (days later), so every read here checks {@code expiresAt} itself. A call the function's IAM policy does not allow
 * makes the action NAMES_UNAVAILABLE, the missing permission named in the log.
 */
public final class DynamoNameRegistry implements NameRegistry {
  /** The environment variable naming the table. */
  public static final String TABLE_VARIABLE = "MONOLOGUE_NAMES_TABLE";
  /** API Gateway's longest connection: no entry of a connection lives longer. */
  public static final Duration DEFAULT_LIFETIME = Limits.MAX_CONNECTION_DURATION;

  static final String PK = "pk";
  static final String SK = "sk";
  /** The attribute holding each item's expiry (epoch seconds), the table's TTL attribute. */
  public static final String EXPIRES_AT = "expiresAt";
  private static final String HOLDER = "holder";
  private static final String KEY_HASH = "keyHash";
  private static final String SINCE = "since";
  /** On a name's footprint: how many claims of it by the connection were not refused (see {@link #openClaim}). */
  private static final String CLAIMS = "claims";
  private static final String NAME_SK = "-";
  private static final int CLAIM_TRIES = 3;
  /** DynamoDB's error code when IAM refuses a call. */
  private static final String ACCESS_DENIED = "AccessDeniedException";
  /** The action in DynamoDB's access-denied message: {@code ... is not authorized to perform: dynamodb:PutItem on}. */
  private static final Pattern DENIED_ACTION = Pattern.compile("perform: (\\S+) on");
  private static final Logger log = LoggerFactory.getLogger(DynamoNameRegistry.class);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;
  private final Duration lifetime;

  public DynamoNameRegistry(DynamoDbClient dynamo, String table) {
    this(dynamo, table, Clock.systemUTC(), DEFAULT_LIFETIME);
  }

  /** With {@code lifetime}, how long an entry lives without its connection's disconnect being seen. */
  public DynamoNameRegistry(DynamoDbClient dynamo, String table, Clock clock, Duration lifetime) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
    this.table = Objects.requireNonNull(table, "table == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime == null");
  }

  /**
   * Which API key each connection uses, kept in this registry's table (items {@code k#<connection>}), for a relay
   * whose policy has tenants ({@code DynamoConnectionKeys}). Each call gives a new store with its own memory.
   */
  public ConnectionKeys connectionKeys() {
    return new DynamoConnectionKeys(dynamo, table, clock, lifetime);
  }

  @Override
  public ClaimOutcome claim(String name, String connectionId, String keyHash, boolean takeover) {
    return access(() -> {
      // the footprint first: a name must never be held without the footprint that releases it on disconnect
      openClaim(connectionId, name, clock.instant());
      for (int attempt = 0; attempt < CLAIM_TRIES; attempt++) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = key(namePk(name), NAME_SK);
        item.put(HOLDER, s(connectionId));
        item.put(SINCE, n(now.toEpochMilli()));
        item.put(EXPIRES_AT, n(expiry(now)));
        if (keyHash != null) {
          item.put(KEY_HASH, s(keyHash));
        }
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item)
            .returnValues(ReturnValue.ALL_OLD);
        if (!takeover) {
          Map<String, AttributeValue> values = new HashMap<>();
          values.put(":id", s(connectionId));
          values.put(":now", n(now.getEpochSecond()));
          String condition = "attribute_not_exists(" + PK + ") OR " + HOLDER + " = :id OR " + EXPIRES_AT + " <= :now";
          if (keyHash != null) {
            values.put(":kh", s(keyHash));
            condition += " OR " + KEY_HASH + " = :kh";
          }
          put.conditionExpression(condition).expressionAttributeValues(values);
        }
        Map<String, AttributeValue> old;
        try {
          old = dynamo.putItem(put.build()).attributes();
        } catch (ConditionalCheckFailedException e) {
          Map<String, AttributeValue> holding = live(get(namePk(name), NAME_SK), now);
          if (holding == null || holding.get(HOLDER).s().equals(connectionId)) {
            continue; // released, expired or claimed by this connection in between: claim again
          }
          closeRefusedClaim(connectionId, name);
          long since = Long.parseLong(holding.get(SINCE).n());
          return ClaimOutcome.refused(Duration.ofMillis(Math.max(0, now.toEpochMilli() - since)));
        }
        String previous = null;
        if (live(old, now) != null && !old.get(HOLDER).s().equals(connectionId)) {
          previous = old.get(HOLDER).s();
          delete(connPk(previous), "n#" + name);
        }
        return ClaimOutcome.granted(previous);
      }
      closeRefusedClaim(connectionId, name);
      throw new IllegalStateException("name '" + name + "' changed hands " + CLAIM_TRIES + " times during one claim");
    });
  }

  /**
   * Writes (or renews) the footprint of {@code name} for a claim about to be made, counting the claim in
   * {@value #CLAIMS}: the claims of this name by this connection that were not refused. A granted claim stays
   * counted, so a refusal can tell whether the footprint is its own to remove.
   */
  private void openClaim(String connectionId, String name, Instant now) {
    Map<String, AttributeValue> key = key(connPk(connectionId), "n#" + name);
    try {
      dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
          .updateExpression("ADD " + CLAIMS + " :one SET " + EXPIRES_AT + " = :exp")
          .conditionExpression("attribute_not_exists(" + PK + ") OR " + EXPIRES_AT + " > :now")
          .expressionAttributeValues(Map.of(":one", n(1), ":exp", n(expiry(now)), ":now", n(now.getEpochSecond())))
          .build());
    } catch (ConditionalCheckFailedException expired) {
      // an expired footprint's count is of claims long dead: start it again
      key.put(CLAIMS, n(1));
      key.put(EXPIRES_AT, n(expiry(now)));
      dynamo.putItem(PutItemRequest.builder().tableName(table).item(key).build());
    }
  }

  /**
   * Removes the footprint a refused claim wrote, unless another claim of the name by the same connection is in
   * flight or was granted (then {@value #CLAIMS} is above one, and the refusal only takes itself out of the
   * count). A claim by the same connection that starts after the removal writes a footprint of its own.
   */
  private void closeRefusedClaim(String connectionId, String name) {
    Map<String, AttributeValue> key = key(connPk(connectionId), "n#" + name);
    try {
      dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key)
          .conditionExpression(CLAIMS + " <= :one").expressionAttributeValues(Map.of(":one", n(1))).build());
    } catch (ConditionalCheckFailedException e) {
      try {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
            .updateExpression("ADD " + CLAIMS + " :minus").conditionExpression("attribute_exists(" + PK + ")")
            .expressionAttributeValues(Map.of(":minus", n(-1))).build());
      } catch (ConditionalCheckFailedException gone) {
        // released, taken over or removed in between: nothing left to count
      }
    }
  }

  @Override
  public boolean release(String name, String connectionId) {
    return access(() -> {
      try {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(namePk(name), NAME_SK))
            .conditionExpression(HOLDER + " = :id").expressionAttributeValues(Map.of(":id", s(connectionId)))
            .build());
      } catch (ConditionalCheckFailedException e) {
        return false;
      }
      delete(connPk(connectionId), "n#" + name);
      return true;
    });
  }

  @Override
  public String holder(String name) {
    return access(() -> {
      Map<String, AttributeValue> holding = live(get(namePk(name), NAME_SK), clock.instant());
      return holding == null ? null : holding.get(HOLDER).s();
    });
  }

  @Override
  public boolean join(String group, String connectionId) {
    return access(() -> putEntry("g#" + group, connectionId));
  }

  @Override
  public boolean leave(String group, String connectionId) {
    return access(() -> deleteEntry("g#" + group, connectionId));
  }

  @Override
  public List<Member> members(String group) {
    return access(() -> {
      List<Member> out = new ArrayList<>();
      for (String id : memberIds(group)) {
        List<String> names = new ArrayList<>();
        for (String sk : query(connPk(id), "n#")) {
          names.add(sk.substring(2));
        }
        out.add(new Member(id, names));
      }
      return out;
    });
  }

  @Override
  public List<String> memberIds(String group) {
    return access(() -> query("g#" + group, null));
  }

  @Override
  public void watch(String topic, String connectionId) {
    access(() -> {
      putEntry("w#" + topic, connectionId);
      return null;
    });
  }

  @Override
  public boolean unwatch(String topic, String connectionId) {
    return access(() -> deleteEntry("w#" + topic, connectionId));
  }

  @Override
  public List<String> watchers(String topic) {
    return access(() -> query("w#" + topic, null));
  }

  @Override
  public Held remove(String connectionId) {
    return access(() -> {
      List<String> names = new ArrayList<>();
      List<String> groups = new ArrayList<>();
      for (String sk : query(connPk(connectionId), null)) {
        String value = sk.substring(2);
        if (sk.startsWith("n#")) {
          try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(namePk(value), NAME_SK))
                .conditionExpression(HOLDER + " = :id").expressionAttributeValues(Map.of(":id", s(connectionId)))
                .build());
            names.add(value);
          } catch (ConditionalCheckFailedException e) {
            // taken over since: not this connection's to release
          }
        } else {
          Map<String, AttributeValue> old = dynamo.deleteItem(DeleteItemRequest.builder().tableName(table)
              .key(key(sk, connectionId)).returnValues(ReturnValue.ALL_OLD).build()).attributes();
          if (sk.startsWith("g#") && old != null && !old.isEmpty()) {
            groups.add(value);
          }
        }
        delete(connPk(connectionId), sk);
      }
      return new Held(names, groups);
    });
  }

  /**
   * Runs {@code body}, turning DynamoDB's {@code AccessDeniedException} (the function's role may not make a call
   * this registry needs) into NAMES_UNAVAILABLE for the client, and an error in the log that names the missing
   * permission; other failures pass as they are.
   */
  private static <T> T access(Supplier<T> body) {
    try {
      return body.get();
    } catch (DynamoDbException e) {
      if (e.awsErrorDetails() == null || !ACCESS_DENIED.equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
      Matcher m = DENIED_ACTION.matcher(String.valueOf(e.awsErrorDetails().errorMessage()));
      String action = m.find() ? m.group(1) : "a call it needs";
      log.error("DynamoDB refused the relay function {} on its names table: {}; add the action to the function's"
          + " policy (template.yaml, RelayFunction.Policies)", action, e.awsErrorDetails().errorMessage());
      throw new UnsupportedOperationException("the relay is not allowed " + action + " on its names table (a"
          + " deployment error, in its IAM policy): names and groups are unavailable until it is fixed");
    }
  }

  /** Adds {@code connectionId} under {@code pk} and to its footprint; true when it was not there (alive) before. */
  private boolean putEntry(String pk, String connectionId) {
    Instant now = clock.instant();
    Map<String, AttributeValue> item = key(pk, connectionId);
    item.put(SINCE, n(now.toEpochMilli()));
    item.put(EXPIRES_AT, n(expiry(now)));
    Map<String, AttributeValue> old = dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
        .returnValues(ReturnValue.ALL_OLD).build()).attributes();
    putFootprint(connectionId, pk, now);
    return live(old, now) == null;
  }

  private boolean deleteEntry(String pk, String connectionId) {
    Map<String, AttributeValue> old = dynamo.deleteItem(DeleteItemRequest.builder().tableName(table)
        .key(key(pk, connectionId)).returnValues(ReturnValue.ALL_OLD).build()).attributes();
    delete(connPk(connectionId), pk);
    return live(old, clock.instant()) != null;
  }

  private void putFootprint(String connectionId, String what, Instant now) {
    Map<String, AttributeValue> item = key(connPk(connectionId), what);
    item.put(EXPIRES_AT, n(expiry(now)));
    dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
  }

  /** The sort keys under {@code pk} (starting with {@code prefix} when given) of items not expired. */
  private List<String> query(String pk, String prefix) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(pk));
    values.put(":now", n(clock.instant().getEpochSecond()));
    String keyCondition = PK + " = :pk";
    if (prefix != null) {
      values.put(":prefix", s(prefix));
      keyCondition += " AND begins_with(" + SK + ", :prefix)";
    }
    QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression(keyCondition).filterExpression(EXPIRES_AT + " > :now")
        .expressionAttributeValues(values).projectionExpression(SK).build();
    List<String> out = new ArrayList<>();
    dynamo.queryPaginator(request).items().forEach(i -> out.add(i.get(SK).s()));
    return out;
  }

  private Map<String, AttributeValue> get(String pk, String sk) {
    return dynamo.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
  }

  private void delete(String pk, String sk) {
    dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(pk, sk)).build());
  }

  /** The item, or null when absent or expired. */
  private static Map<String, AttributeValue> live(Map<String, AttributeValue> item, Instant now) {
    if (item == null || item.isEmpty() || !item.containsKey(EXPIRES_AT)) {
      return null;
    }
    return Long.parseLong(item.get(EXPIRES_AT).n()) > now.getEpochSecond() ? item : null;
  }

  private long expiry(Instant now) {
    return now.plus(lifetime).getEpochSecond();
  }

  private static String namePk(String name) {
    return "n#" + name;
  }

  private static String connPk(String connectionId) {
    return "c#" + connectionId;
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(PK, s(pk));
    key.put(SK, s(sk));
    return key;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
