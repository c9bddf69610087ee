package dev.monologue.relay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.core.NameRegistry.Held;
import dev.monologue.relay.core.NameRegistry.Member;
import dev.monologue.relay.core.NameRegistry.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NameRegistry} does, run against each: the local relay's ({@code InMemoryNameRegistryTest}) and
 * DynamoDB's through dynalite (the stand-in's {@code DynamoNameRegistryTest}, through relay's test jar). Where the
 * two differ for a reason, a subclass says how through the methods below, and the tests assert each way
 * explicitly; nothing is left to differ silently.
 */
public abstract class NameRegistryContract {
  /** Connection IDs shaped like API Gateway's, sorting A &lt; B &lt; C. */
  protected static final String A = "AAAAAAAAAAAAAAA=";
  protected static final String B = "BBBBBBBBBBBBBBB=";
  protected static final String C = "CCCCCCCCCCCCCCC=";

  protected final ManualClock clock = new ManualClock();
  protected NameRegistry registry;

  /** A new, empty registry that reads the time from {@code clock}. */
  protected abstract NameRegistry newRegistry(Clock clock);

  /**
   * How long an entry lives without its connection's disconnect, or empty when entries live until
   * {@link NameRegistry#remove}: the local relay sees every disconnect, API Gateway's may be lost.
   */
  protected abstract Optional<Duration> entryLifetime();

  /** The order of {@link NameRegistry#members}: the local relay keeps join order, DynamoDB sorts by ID. */
  protected abstract MemberOrder memberOrder();

  /**
   * Whether a claim by the holder's own connection keeps the age a refusal reports (the local relay's), or starts
   * it again (DynamoDB's: the claim rewrites the item to renew its expiry, and a read first would cost a request).
   */
  protected abstract boolean reclaimKeepsAge();

  /** How {@link NameRegistry#members} orders a group. */
  public enum MemberOrder {
    JOINED,
    BY_ID
  }

  @BeforeEach
  void newRegistry() {
    registry = newRegistry(clock);
  }

  @Test
  void aRefusedClaimLeavesNoTrace() {
    assertTrue(registry.claim("billing", A, null, false).granted());
    registry.join("workers", B);
    assertFalse(registry.claim("billing", B, null, false).granted());
    assertEquals(List.of(new Member(B, List.of())), registry.members("workers"),
        "the loser of a claim holds nothing, in members and in sendall's FANOUT report");
    assertEquals(A, registry.holder("billing"));
    assertEquals(new Held(List.of(), List.of("workers")), registry.remove(B));
    assertEquals(A, registry.holder("billing"));
  }

  @Test
  void aRefusedClaimWithAWrongKeyLeavesNoTraceEither() {
    assertTrue(registry.claim("billing", A, "hash-1", false).granted());
    registry.join("workers", B);
    assertTrue(registry.claim("sensor-17", B, "hash-2", false).granted());
    assertFalse(registry.claim("billing", B, "hash-2", false).granted());
    assertEquals(List.of(new Member(B, List.of("sensor-17"))), registry.members("workers"));
  }

  @Test
  void aFreeNameIsGrantedWithNoPreviousHolder() {
    ClaimOutcome claim = registry.claim("billing", A, null, false);
    assertTrue(claim.granted());
    assertNull(claim.previousHolder());
    assertEquals(Duration.ZERO, claim.heldFor());
    assertEquals(A, registry.holder("billing"));
    assertNull(registry.holder("payroll"));
  }

  @Test
  void aRefusalCarriesTheHoldersAgeAndTheHolderMayClaimAgain() {
    assertTrue(registry.claim("billing", A, null, false).granted());
    clock.advance(Duration.ofSeconds(42));
    ClaimOutcome refused = registry.claim("billing", B, null, false);
    assertFalse(refused.granted());
    assertNull(refused.previousHolder(), "a refusal never names the holder");
    assertEquals(Duration.ofSeconds(42), refused.heldFor());

    ClaimOutcome again = registry.claim("billing", A, null, false);
    assertTrue(again.granted());
    assertNull(again.previousHolder(), "the holder's own claim takes the name from no one");
    assertEquals(A, registry.holder("billing"));
    clock.advance(Duration.ofSeconds(8));
    assertEquals(reclaimKeepsAge() ? Duration.ofSeconds(50) : Duration.ofSeconds(8),
        registry.claim("billing", B, null, false).heldFor());
  }

  @Test
  void theSameKeyRenewsOnAnotherConnection() {
    assertTrue(registry.claim("billing", A, "hash-1", false).granted());
    assertFalse(registry.claim("billing", B, "hash-2", false).granted());
    assertFalse(registry.claim("billing", B, null, false).granted(), "no key is no key match");
    clock.advance(Duration.ofSeconds(5));
    ClaimOutcome renewed = registry.claim("billing", B, "hash-1", false);
    assertTrue(renewed.granted());
    assertEquals(A, renewed.previousHolder());
    assertEquals(B, registry.holder("billing"));
    assertEquals(Duration.ZERO, registry.claim("billing", C, null, false).heldFor(),
        "the new connection's claim is new");
    assertEquals(new Held(List.of(), List.of()), registry.remove(A), "the previous holder no longer releases it");
    assertEquals(B, registry.holder("billing"));
  }

  @Test
  void theOwnersHashStaysWithTheNameAcrossMovesAndATakeoverReplacesIt() {
    assertTrue(registry.claim("billing", A, "owner-1", false).granted());
    assertTrue(registry.claim("billing", B, "owner-1", false).granted(), "the owner's restart");
    assertTrue(registry.claim("billing", C, "owner-1", false).granted(), "and again: the hash moved with it");
    assertEquals(C, registry.holder("billing"));
    assertTrue(registry.claim("billing", A, "owner-2", true).granted(), "a takeover the relay allowed");
    assertFalse(registry.claim("billing", B, "owner-1", false).granted(), "the old owner's hash no longer matches");
    assertTrue(registry.claim("billing", B, "owner-2", false).granted(), "the new owner's does");
  }

  @Test
  void tenantEntriesAreNamesOfTheirOwn() {
    // the router keeps a tenant's names and groups under "tenant/name" (TenantNames); the registry stores them as is
    assertTrue(registry.claim("acme/billing", A, "owner-a", false).granted());
    assertTrue(registry.claim("globex/billing", B, "owner-b", false).granted());
    assertTrue(registry.claim("billing", C, "owner-c", false).granted());
    assertEquals(A, registry.holder("acme/billing"));
    assertEquals(B, registry.holder("globex/billing"));
    assertEquals(C, registry.holder("billing"));
    assertTrue(registry.join("acme/workers", A));
    assertTrue(registry.join("workers", C));
    assertEquals(List.of(new Member(A, List.of("acme/billing"))), registry.members("acme/workers"));
    assertEquals(List.of(C), registry.memberIds("workers"));
    assertTrue(registry.memberIds("globex/workers").isEmpty());
    assertEquals(new Held(List.of("acme/billing"), List.of("acme/workers")), registry.remove(A));
    assertEquals(B, registry.holder("globex/billing"));
    assertEquals(C, registry.holder("billing"));
  }

  @Test
  void aClaimWithoutKeysIsNoKeyMatch() {
    assertTrue(registry.claim("billing", A, null, false).granted());
    assertFalse(registry.claim("billing", B, null, false).granted());
  }

  @Test
  void takeoverMovesTheNameAndTheMemberEntry() {
    registry.join("workers", A);
    registry.join("workers", B);
    assertTrue(registry.claim("billing", A, null, false).granted());
    ClaimOutcome taken = registry.claim("billing", B, null, true);
    assertTrue(taken.granted());
    assertEquals(A, taken.previousHolder());
    assertEquals(B, registry.holder("billing"));
    assertEquals(List.of(new Member(A, List.of()), new Member(B, List.of("billing"))), registry.members("workers"));
    assertFalse(registry.release("billing", A));
    assertEquals(new Held(List.of("billing"), List.of("workers")), registry.remove(B));
    assertNull(registry.holder("billing"));
  }

  @Test
  void takeoverOfAFreeNameHasNoPreviousHolder() {
    ClaimOutcome taken = registry.claim("billing", A, null, true);
    assertTrue(taken.granted());
    assertNull(taken.previousHolder());
  }

  @Test
  void onlyTheHolderReleases() {
    registry.claim("billing", A, null, false);
    registry.join("workers", A);
    assertFalse(registry.release("billing", B));
    assertEquals(A, registry.holder("billing"));
    assertTrue(registry.release("billing", A));
    assertNull(registry.holder("billing"));
    assertEquals(List.of(new Member(A, List.of())), registry.members("workers"), "a released name is not held");
    assertFalse(registry.release("billing", A));
    assertTrue(registry.claim("billing", B, null, false).granted(), "a released name is free");
  }

  @Test
  void membersCarryTheNamesEachHoldsInNameOrder() {
    registry.join("workers", A);
    registry.claim("sensor-17", A, null, false);
    registry.claim("billing", A, null, false);
    assertEquals(List.of(new Member(A, List.of("billing", "sensor-17"))), registry.members("workers"));
    assertEquals(List.of(), registry.members("nobody"));
    assertEquals(List.of(), registry.memberIds("nobody"));
  }

  @Test
  void joinAndLeaveSayWhetherTheyChangedAnything() {
    assertTrue(registry.join("workers", A));
    assertFalse(registry.join("workers", A));
    assertTrue(registry.join("workers", B));
    assertTrue(registry.join("auditors", A));
    assertEquals(List.of(A, B), registry.memberIds("workers"));
    assertTrue(registry.leave("workers", A));
    assertFalse(registry.leave("workers", A));
    assertFalse(registry.leave("never-joined", A));
    assertEquals(List.of(B), registry.memberIds("workers"));
    assertEquals(List.of(A), registry.memberIds("auditors"), "leaving one group leaves the others");
    assertEquals(new Held(List.of(), List.of("auditors")), registry.remove(A));
  }

  @Test
  void membersComeInTheDeclaredOrderAndMemberIdsInTheSame() {
    registry.join("workers", C);
    registry.join("workers", A);
    registry.join("workers", B);
    List<String> expected = memberOrder() == MemberOrder.JOINED ? List.of(C, A, B) : List.of(A, B, C);
    assertEquals(expected, registry.memberIds("workers"));
    assertEquals(expected, registry.members("workers").stream().map(Member::id).toList());
  }

  @Test
  void watchersAreKeptPerTopic() {
    String name = Topic.name("billing");
    String group = Topic.group("billing");
    registry.watch(name, A);
    registry.watch(name, A);
    registry.watch(group, B);
    assertEquals(List.of(A), registry.watchers(name), "watching twice is one watch");
    assertEquals(List.of(B), registry.watchers(group), "a name and a group of one spelling are two topics");
    assertFalse(registry.unwatch(name, B));
    assertTrue(registry.unwatch(name, A));
    assertFalse(registry.unwatch(name, A));
    assertEquals(List.of(), registry.watchers(name));
    assertEquals(List.of(B), registry.watchers(group));
    assertEquals(new Held(List.of(), List.of()), registry.remove(A), "an ended watch is not held");
  }

  @Test
  void removingAConnectionEndsItsNamesMembershipsAndWatches() {
    registry.claim("billing", A, null, false);
    registry.claim("sensor-17", A, null, false);
    registry.join("workers", A);
    registry.join("workers", B);
    registry.watch(Topic.name("billing"), A);
    registry.watch(Topic.name("billing"), B);
    assertEquals(List.of(new Member(A, List.of("billing", "sensor-17")), new Member(B, List.of())),
        registry.members("workers"));

    assertEquals(new Held(List.of("billing", "sensor-17"), List.of("workers")), registry.remove(A));
    assertNull(registry.holder("billing"));
    assertNull(registry.holder("sensor-17"));
    assertEquals(List.of(B), registry.memberIds("workers"));
    assertEquals(List.of(B), registry.watchers(Topic.name("billing")));
    assertEquals(new Held(List.of(), List.of()), registry.remove(A), "a second remove finds nothing");
    assertTrue(registry.claim("billing", B, null, false).granted());
    assertTrue(registry.join("workers", A), "a removed connection is no member");
  }

  @Test
  void removingAnUnknownConnectionFindsNothing() {
    assertEquals(new Held(List.of(), List.of()), registry.remove(C));
  }

  @Test
  void entriesExpireOnlyWhereTheRegistryHasALifetime() {
    registry.claim("billing", A, null, false);
    registry.join("workers", A);
    registry.watch(Topic.group("workers"), A);
    Optional<Duration> lifetime = entryLifetime();
    if (lifetime.isEmpty()) {
      clock.advance(Duration.ofDays(30));
      assertEquals(A, registry.holder("billing"), "without a lifetime, only remove ends an entry");
      assertEquals(List.of(new Member(A, List.of("billing"))), registry.members("workers"));
      assertFalse(registry.claim("billing", B, null, false).granted());
      return;
    }
    clock.advance(lifetime.get().minusSeconds(1));
    assertEquals(A, registry.holder("billing"), "alive until its lifetime is over");
    clock.advance(Duration.ofSeconds(2));
    assertNull(registry.holder("billing"));
    assertEquals(List.of(), registry.members("workers"));
    assertEquals(List.of(), registry.watchers(Topic.group("workers")));
    ClaimOutcome claim = registry.claim("billing", B, null, false);
    assertTrue(claim.granted());
    assertNull(claim.previousHolder(), "an expired holder is no previous holder");
    assertTrue(registry.join("workers", A), "an expired membership is no membership");
  }

  @Test
  void aClaimRenewsTheHoldersLifetime() {
    Optional<Duration> lifetime = entryLifetime();
    registry.claim("billing", A, null, false);
    clock.advance(lifetime.orElse(Duration.ofHours(2)).minusMinutes(1));
    assertTrue(registry.claim("billing", A, null, false).granted());
    clock.advance(Duration.ofMinutes(2));
    assertEquals(A, registry.holder("billing"), "the second claim started its lifetime again");
  }
}
