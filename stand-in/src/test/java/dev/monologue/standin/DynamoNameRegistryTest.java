package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.aws.DynamoNameRegistry;
import dev.monologue.relay.core.ClaimOutcome;
import dev.monologue.relay.core.NameRegistry;
import dev.monologue.relay.core.NameRegistryContract;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS relay's name registry against the real DynamoDB API (dynalite), in a table made from template.yaml: the
 * contract every registry keeps, and what is DynamoDB's own (requests, races between Lambda instances).
 */
class DynamoNameRegistryTest extends NameRegistryContract {
  private static final Duration LIFETIME = Duration.ofHours(2);

  /** The DynamoDB operations sent, in order: what a name costs. */
  private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  /** Runs before each DynamoDB request with its operation name, on the requesting thread. */
  private static volatile Consumer<String> beforeRequest = operation -> {};
  private static Dynalite dynalite;
  private static DynamoDbClient dynamo;


  @BeforeAll
  static void startDynalite() {
    dynalite = Dynalite.start();
    dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = context.request().getClass().getSimpleName().replace("Request", "");
            REQUESTS.add(operation);
            beforeRequest.accept(operation);
          }
        }))
        .build();
  }

  @AfterEach
  void noPause() {
    beforeRequest = operation -> {};
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

  @Override
  protected NameRegistry newRegistry(Clock clock) {
    String table = "names-" + UUID.randomUUID();
    TemplateNamesTable.read().create(dynamo, table);
    return new DynamoNameRegistry(dynamo, table, clock, LIFETIME);
  }

  @Override
  protected Optional<Duration> entryLifetime() {
    return Optional.of(LIFETIME); // a $disconnect may be lost
  }

  @Override
  protected MemberOrder memberOrder() {
    return MemberOrder.BY_ID; // the sort key
  }

  @Override
  protected boolean reclaimKeepsAge() {
    return false;
  }

  /** The requests {@code action} sends; each is one read or write unit for items this small (under 1 KB). */
  private static List<String> requestsOf(Runnable action) {
    REQUESTS.clear();
    action.run();
    return List.copyOf(REQUESTS);
  }

  @Test
  void whatEachOperationCostsInDynamoDbRequests() {
    assertEquals(List.of("UpdateItem", "PutItem"), requestsOf(() -> registry.claim("billing", A, null, false)),
        "a claim: its footprint, then the conditional put");
    assertEquals(List.of("UpdateItem", "PutItem", "GetItem", "DeleteItem"),
        requestsOf(() -> registry.claim("billing", B, null, false)),
        "a refused claim reads the holder's age and removes its footprint");
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
  void aRefusalKeepsTheFootprintOfTheSameConnectionsClaimGrantedMeanwhile() throws Exception {
    registry.claim("billing", A, null, false);
    registry.join("workers", B);
    CountDownLatch refusing = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    beforeRequest = operation -> {
      if (operation.equals("DeleteItem") && Thread.currentThread().getName().equals("refused-claim")) {
        refusing.countDown(); // refused by A's hold, about to remove its footprint
        await(resume);
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "refused-claim"));
    try {
      Future<ClaimOutcome> refused = pool.submit(() -> registry.claim("billing", B, null, false));
      assertTrue(refusing.await(30, TimeUnit.SECONDS), "the first claim never reached its refusal");
      assertTrue(registry.release("billing", A));
      assertTrue(registry.claim("billing", B, null, false).granted(), "the same connection's second claim");
      resume.countDown();
      assertFalse(refused.get(30, TimeUnit.SECONDS).granted());
    } finally {
      resume.countDown();
      pool.shutdownNow();
    }
    assertEquals(B, registry.holder("billing"));
    assertEquals(List.of(new NameRegistry.Member(B, List.of("billing"))), registry.members("workers"),
        "the footprint of the granted claim survives the refusal's clean-up");
    assertEquals(List.of("billing"), registry.remove(B).names(), "and releases the name on disconnect");
  }

  @Test
  void anExpiredFootprintCountsNoClaim() {
    assertTrue(registry.claim("billing", B, null, false).granted());
    clock.advance(LIFETIME.plusSeconds(1)); // B's $disconnect lost; its entries expire
    assertTrue(registry.claim("billing", A, null, false).granted());
    registry.join("workers", B);
    assertFalse(registry.claim("billing", B, null, false).granted());
    assertEquals(List.of(new NameRegistry.Member(B, List.of())), registry.members("workers"),
        "a claim long dead does not keep a refused claim's footprint alive");
  }

  @Test
  void aClaimRefusedThenHeldByItselfIsGranted() throws Exception {
    registry.claim("billing", A, null, false);
    CountDownLatch refusing = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    beforeRequest = operation -> {
      if (operation.equals("GetItem") && Thread.currentThread().getName().equals("refused-claim")) {
        refusing.countDown(); // its conditional put failed; about to read who holds the name
        await(resume);
      }
    };
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "refused-claim"));
    try {
      Future<ClaimOutcome> first = pool.submit(() -> registry.claim("billing", B, null, false));
      assertTrue(refusing.await(30, TimeUnit.SECONDS), "the first claim never failed its put");
      assertTrue(registry.release("billing", A));
      assertTrue(registry.claim("billing", B, null, false).granted());
      resume.countDown();
      assertTrue(first.get(30, TimeUnit.SECONDS).granted(), "a connection is not refused a name it holds");
    } finally {
      resume.countDown();
      pool.shutdownNow();
    }
    assertEquals(List.of("billing"), registry.remove(B).names());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not resumed within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
