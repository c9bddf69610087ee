package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.aws.DynamoNameRegistry;
import dev.monologue.relay.core.ClaimOutcome;
import dev.monologue.relay.core.NameRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The AWS relay's name registry against the real DynamoDB API (dynalite), in a table made from template.yaml. */
class DynamoNameRegistryTest {
  private static final String A = "AAAAAAAAAAAAAAA=";
  private static final String B = "BBBBBBBBBBBBBBB=";
  private static final Duration LIFETIME = Duration.ofHours(2);

  /** The DynamoDB operations sent, in order: what a name costs. */
  private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  private static Dynalite dynalite;
  private static DynamoDbClient dynamo;

  private final TestClock clock = new TestClock();
  private NameRegistry registry;

  @BeforeAll
  static void startDynalite() {
    dynalite = Dynalite.start();
    dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            REQUESTS.add(context.request().getClass().getSimpleName().replace("Request", ""));
          }
        }))
        .build();
  }

  @AfterAll
  static void stopDynalite() {
    if (dynamo != null) {
      dynamo.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @BeforeEach
  void table() {
    String table = "names-" + UUID.randomUUID();
    TemplateNamesTable.read().create(dynamo, table);
    registry = new DynamoNameRegistry(dynamo, table, clock, LIFETIME);
  }

  /** The requests {@code action} sends; each is one read or write unit for items this small (under 1 KB). */
  private static List<String> requestsOf(Runnable action) {
    REQUESTS.clear();
    action.run();
    return List.copyOf(REQUESTS);
  }

  @Test
  void whatEachOperationCostsInDynamoDbRequests() {
    assertEquals(List.of("PutItem", "PutItem"), requestsOf(() -> registry.claim("billing", A, null, false)),
        "a claim: its footprint, then the conditional put");
    assertEquals(List.of("PutItem", "PutItem", "GetItem"), requestsOf(() -> registry.claim("billing", B, null, false)),
        "a refused claim reads the holder's age");
    assertEquals(List.of("GetItem"), requestsOf(() -> registry.holder("billing")),
        "a message to a name: one strongly consistent read");
    requestsOf(() -> {
      registry.join("workers", A);
      registry.join("workers", B);
    });
    assertEquals(List.of("Query"), requestsOf(() -> registry.memberIds("workers")), "sendany and sendall: one query");
    assertEquals(List.of("Query", "Query", "Query"), requestsOf(() -> registry.members("workers")),
        "members: one query, and one per member for its names");
    assertEquals(List.of("Query", "DeleteItem", "DeleteItem", "DeleteItem", "DeleteItem"),
        requestsOf(() -> registry.remove(A)), "a disconnect: one query, two deletes per entry");
  }

  @Test
  void theTemplatesTtlAttributeIsTheOneTheRelayWrites() {
    assertEquals(DynamoNameRegistry.EXPIRES_AT, TemplateNamesTable.read().ttlAttribute());
  }

  @Test
  void ofConcurrentClaimsOfOneNameExactlyOneIsGranted() throws Exception {
    int n = 24;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ClaimOutcome>> claims = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = String.format("%015d=", i);
        claims.add(pool.submit(() -> {
          go.await();
          return registry.claim("billing", id, null, false);
        }));
      }
      go.countDown();
      int granted = 0;
      for (Future<ClaimOutcome> f : claims) {
        if (f.get(30, TimeUnit.SECONDS).granted()) {
          granted++;
        }
      }
      assertEquals(1, granted);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRefusalCarriesTheHoldersAgeAndTheHolderMayClaimAgain() {
    assertTrue(registry.claim("billing", A, null, false).granted());
    clock.advance(Duration.ofSeconds(42));
    ClaimOutcome refused = registry.claim("billing", B, null, false);
    assertFalse(refused.granted());
    assertEquals(Duration.ofSeconds(42), refused.heldFor());
    assertTrue(registry.claim("billing", A, null, false).granted());
    assertEquals(A, registry.holder("billing"));
  }

  @Test
  void theSameKeyRenewsAndTakeoverMovesTheName() {
    assertTrue(registry.claim("billing", A, "hash-1", false).granted());
    assertFalse(registry.claim("billing", B, "hash-2", false).granted());
    ClaimOutcome renewed = registry.claim("billing", B, "hash-1", false);
    assertTrue(renewed.granted());
    assertEquals(A, renewed.previousHolder());
    assertEquals(B, registry.holder("billing"));
    assertEquals(List.of(), registry.remove(A).names(), "the previous holder no longer releases it");
    assertEquals(B, registry.holder("billing"));

    ClaimOutcome taken = registry.claim("billing", A, null, true);
    assertEquals(B, taken.previousHolder());
    assertEquals(A, registry.holder("billing"));
  }

  @Test
  void onlyTheHolderReleases() {
    registry.claim("billing", A, null, false);
    assertFalse(registry.release("billing", B));
    assertEquals(A, registry.holder("billing"));
    assertTrue(registry.release("billing", A));
    assertNull(registry.holder("billing"));
    assertFalse(registry.release("billing", A));
  }

  @Test
  void removingAConnectionReleasesItsNamesAndMemberships() {
    registry.claim("billing", A, null, false);
    registry.claim("sensor-17", A, null, false);
    assertTrue(registry.join("workers", A));
    assertFalse(registry.join("workers", A));
    assertTrue(registry.join("workers", B));
    registry.watch(NameRegistry.Topic.name("billing"), A);
    assertEquals(List.of(new NameRegistry.Member(A, List.of("billing", "sensor-17")),
        new NameRegistry.Member(B, List.of())), registry.members("workers"));
    assertEquals(List.of(A), registry.watchers(NameRegistry.Topic.name("billing")));

    NameRegistry.Held held = registry.remove(A);
    assertEquals(List.of("billing", "sensor-17"), held.names());
    assertEquals(List.of("workers"), held.groups());
    assertNull(registry.holder("billing"));
    assertEquals(List.of(B), registry.memberIds("workers"));
    assertEquals(List.of(), registry.watchers(NameRegistry.Topic.name("billing")));
    assertTrue(registry.claim("billing", B, null, false).granted());
    assertTrue(registry.leave("workers", B));
    assertFalse(registry.leave("workers", B));
  }

  @Test
  void expiryIsCheckedOnReadNotLeftToTheStore() {
    registry.claim("billing", A, null, false);
    registry.join("workers", A);
    clock.advance(LIFETIME.plusSeconds(1));
    // dynalite, like DynamoDB for days, still holds the items: the registry must not believe them
    assertNull(registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"));
    ClaimOutcome claim = registry.claim("billing", B, null, false);
    assertTrue(claim.granted());
    assertNull(claim.previousHolder(), "an expired holder is no previous holder");
    assertTrue(registry.join("workers", A), "an expired membership is no membership");
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
