package dev.monologue.e2e.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.CallOutcome;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionListener;
import dev.monologue.DiscoveryEvent;
import dev.monologue.DiscoveryEvent.Change;
import dev.monologue.GroupMember;
import dev.monologue.Monologue;
import dev.monologue.MonologueException;
import dev.monologue.MonologueOptions;
import dev.monologue.NameTakenException;
import dev.monologue.PeerGoneException;
import dev.monologue.ReconnectPolicy;
import dev.monologue.RemoteFailureException;
import dev.monologue.Watch;
import dev.monologue.e2e.RelayFixture;
import dev.monologue.relay.core.KeyPolicy;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Names end to end, through a relay and real clients: the same scenarios on every relay. */
public abstract class AbstractNamesSuite {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern READY = Pattern.compile("ready (\\S+)");

  /** The suite's takeovers are of other machines' names: the relay lets every key take names over. */
  private static final RelayPolicy TAKEOVER_ALLOWED =
      RelayPolicy.builder().otherKeys(KeyPolicy.builder().takeover(true).build()).build();

  private RelayFixture relay;
  private final List<AutoCloseable> open = new ArrayList<>();
  /** The home directory of this test's callee processes, where they keep their owner secret: one machine. */
  private Path calleeHome;

  protected abstract RelayFixture startRelay(Set<String> apiKeys, RelayPolicy policy);

  @BeforeEach
  void start() throws java.io.IOException {
    relay = startRelay(Set.of(), TAKEOVER_ALLOWED);
    calleeHome = Files.createTempDirectory("monologue-callee-home");
  }

  /** Each in-process client is a machine of its own: its own owner secret. */
  private static MonologueOptions.Builder machine(MonologueOptions.Builder options) {
    return options.ownerSecret("test-machine-" + java.util.UUID.randomUUID());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    relay.close();
  }

  private Monologue client(MonologueOptions.Builder options) {
    Monologue m = Monologue.create(relay.configure(machine(options)).endpoint(relay.endpoint()).build());
    open.add(m);
    m.connect();
    return m;
  }

  private ChildJvm callee(String instance, String... more) throws InterruptedException {
    return callee(calleeHome, instance, more);
  }

  /** A callee process whose owner secret is kept under {@code home}, as a machine keeps it across restarts. */
  private ChildJvm callee(Path home, String instance, String... more) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of(relay.endpoint().toString(), more.length > 0 ? "workers" : "billing",
        instance));
    args.addAll(List.of(more));
    ChildJvm.Builder builder = ChildJvm.builder(NamedCallee.class).name("callee-" + instance)
        .args(args.toArray(String[]::new)).jvmOptions("-Duser.home=" + home);
    if (relay.tls() != null) {
      // The callee configures nothing but its endpoint: it trusts the relay through the JVM's trust store.
      Path store;
      try {
        store = relay.tls().writeTrustStore(Files.createTempFile("monologue-trust", ".p12"), "changeit".toCharArray());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      store.toFile().deleteOnExit();
      builder.jvmOptions("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit");
    }
    ChildJvm child = builder.start();
    open.add(child);
    child.awaitLine(READY, WAIT);
    return child;
  }

  private Monologue member(String instance) {
    Monologue m = client(MonologueOptions.builder());
    m.register(NamedService.class, () -> instance);
    m.join("workers");
    return m;
  }

  @Test
  void aNameShapedLikeALocalConnectionIdIsClaimedAndCalled() throws Exception {
    String name = "billingserviceprimary1"; // 22 characters of base64url, no '.': a local relay's ID shape
    Monologue callee = client(MonologueOptions.builder());
    callee.register(NamedService.class, () -> "shaped");
    callee.claim(name);
    Monologue caller = client(MonologueOptions.builder());
    assertEquals("shaped", caller.call(name, "NamedService.instance", String.class).get(15, TimeUnit.SECONDS));
    assertEquals("shaped", caller.stub(name, NamedService.class).instance());
  }

  @Test
  void callRefusesTheGroupShortcutNamingCallAny() {
    member("a");
    Monologue caller = client(MonologueOptions.builder());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> caller.call("@workers", "NamedService.instance", String.class));
    assertEquals("'@workers' is not a connection ID or a name, for NamedService.instance: to call one member of"
        + " group 'workers' use callAny (or stubAny), for all of them callAll", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> caller.stub("@workers", NamedService.class));
  }

  @Test
  void callAnySpreadsOverMembersAndSkipsAKilledOne() throws Exception {
    member("a");
    member("b");
    ChildJvm c = callee("c", "join");
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(10)));
    assertEquals(3, caller.members("workers").size());
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      served.merge(caller.callAny("workers", "NamedService.instance", String.class).get(15, TimeUnit.SECONDS), 1,
          Integer::sum);
    }
    assertEquals(Set.of("a", "b", "c"), served.keySet(), "spread over every member: " + served);
    NamedService any = caller.stubAny("workers", NamedService.class);
    assertTrue(Set.of("a", "b", "c").contains(any.instance()));

    c.kill();
    Awaits.eventually("the relay saw the killed member go",
        () -> caller.members("workers").size() == 2, WAIT);
    served.clear();
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      served.merge(any.instance(), 1, Integer::sum);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "call " + i + " waited");
    }
    assertEquals(Set.of("a", "b"), served.keySet(), served.toString());
  }

  @Test
  void callAllGivesOneOutcomePerMemberFailingAndSlowOnesIncluded() throws Exception {
    Monologue ok = client(MonologueOptions.builder());
    ok.on("work", call -> "done");
    ok.join("workers");
    Monologue failing = client(MonologueOptions.builder());
    failing.on("work", call -> {
      throw new IllegalStateException("out of paper");
    });
    failing.join("workers");
    Monologue slow = client(MonologueOptions.builder());
    CompletableFuture<String> never = new CompletableFuture<>();
    slow.on("work", call -> never);
    slow.join("workers");
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(3)));

    long t0 = System.nanoTime();
    List<CallOutcome<String>> outcomes = caller.callAll("workers", "work", String.class).get(20, TimeUnit.SECONDS);
    long took = System.nanoTime() - t0;
    never.complete("too late");
    assertEquals(3, outcomes.size(), outcomes.toString());
    Map<String, CallOutcome<String>> byId = new HashMap<>();
    outcomes.forEach(o -> byId.put(o.member().id(), o));
    assertEquals("done", byId.get(ok.id()).value());
    assertTrue(byId.get(ok.id()).succeeded());
    RemoteFailureException failed = assertInstanceOf(RemoteFailureException.class, byId.get(failing.id()).failure());
    assertTrue(failed.getMessage().contains("out of paper"), failed.getMessage());
    assertInstanceOf(CallTimeoutException.class, byId.get(slow.id()).failure());
    assertTrue(took < TimeUnit.SECONDS.toNanos(10), "one overall timeout: took " + took / 1_000_000 + " ms");
  }

  @Test
  void namesAndGroupsFromTheOptionsAreHeldFromTheFirstConnectOnAndAfterADrop() throws Exception {
    CompletableFuture<String> reconnected = new CompletableFuture<>();
    Monologue server = Monologue.create(relay.configure(machine(MonologueOptions.builder()))
        .endpoint(relay.endpoint()).names("ledger", "ledger.eu").groups("auditors")
        .connectionListener(new ConnectionListener() {
          @Override
          public void onReconnected(String oldId, String newId) {
            reconnected.complete(newId);
          }
        }).build());
    open.add(server);
    server.register(NamedService.class, () -> "ledger-server");
    String first = server.connect();
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(10)));
    // held as soon as connect() returned: no claim call, no wait
    assertEquals("ledger-server", caller.stub("ledger", NamedService.class).instance());
    assertEquals("ledger-server", caller.stub("ledger.eu", NamedService.class).instance());
    assertEquals(List.of(new GroupMember(first, List.of("ledger", "ledger.eu"))), sortedNames(caller, "auditors"));

    assertTrue(relay.disconnect(first));
    String second = reconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotEquals(first, second);
    // reported reconnected only once the names were claimed again on the new connection
    assertEquals("ledger-server", caller.call("ledger", "NamedService.instance", String.class)
        .get(10, TimeUnit.SECONDS));
    assertEquals(List.of(new GroupMember(second, List.of("ledger", "ledger.eu"))), sortedNames(caller, "auditors"));
  }

  @Test
  void aNameFromTheOptionsThatAnotherMachineHoldsFailsTheFirstConnectTyped() throws Exception {
    Monologue holder = client(MonologueOptions.builder());
    holder.claim("ledger");
    Monologue late = Monologue.create(relay.configure(machine(MonologueOptions.builder()))
        .endpoint(relay.endpoint())
        .names("ledger")
        .timeout(Duration.ofSeconds(10)).build());
    open.add(late);
    NameTakenException e = assertThrows(NameTakenException.class, late::connect);
    assertEquals("ledger", e.name());
    assertTrue(!e.getMessage().contains(holder.id()), "the refusal names no ID: " + e.getMessage());

    holder.release("ledger");
    late.register(NamedService.class, () -> "late");
    late.connect(); // the name was kept: the next connect claims it
    assertEquals("late", holder.stub("ledger", NamedService.class).instance());
  }

  private static List<GroupMember> sortedNames(Monologue caller, String group) {
    return caller.members(group).stream()
        .map(m -> new GroupMember(m.id(), m.names().stream().sorted().toList())).toList();
  }

  @Test
  void watchersHearNamesAndMembersComeAndGoAcrossTheirOwnReconnect() throws Exception {
    Monologue a = client(MonologueOptions.builder());
    a.claim("billing");
    Monologue m = client(MonologueOptions.builder());
    m.join("workers");
    CompletableFuture<String> dropped = new CompletableFuture<>();
    CompletableFuture<String> back = new CompletableFuture<>();
    Monologue watcher = client(MonologueOptions.builder()
        .reconnectPolicy(ReconnectPolicy.builder().initialDelay(Duration.ofSeconds(3)).jitter(0).build())
        .connectionListener(new ConnectionListener() {
          @Override
          public void onDisconnected(String oldId, Throwable reason) {
            dropped.complete(oldId);
          }

          @Override
          public void onReconnected(String oldId, String newId) {
            back.complete(newId);
          }
        }));
    BlockingQueue<DiscoveryEvent> names = new LinkedBlockingQueue<>();
    BlockingQueue<DiscoveryEvent> members = new LinkedBlockingQueue<>();
    Watch nameWatch = watcher.watchName("billing", names::add);
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, a.id()), next(names), "the holder now");
    watcher.watchGroup("workers", members::add);
    assertEquals(new DiscoveryEvent(Change.APPEARED, "workers", true, m.id()), next(members), "the members now");

    Monologue b = client(MonologueOptions.builder());
    b.join("workers");
    assertEquals(new DiscoveryEvent(Change.APPEARED, "workers", true, b.id()), next(members));
    m.leave("workers");
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "workers", true, m.id()), next(members));
    a.release("billing");
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "billing", false, a.id()), next(names));
    Monologue c = client(MonologueOptions.builder());
    c.claim("billing");
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, c.id()), next(names));
    Monologue d = client(MonologueOptions.builder());
    d.claim("billing", true);
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "billing", false, c.id()), next(names), "taken over");
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, d.id()), next(names));

    // the watcher drops; while it is away a member leaves: it hears so once its watches are renewed
    assertTrue(relay.disconnect(watcher.id()));
    dropped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    String bId = b.id();
    b.close();
    back.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "workers", true, bId), next(members), "missed while away");
    m.join("workers");
    assertEquals(new DiscoveryEvent(Change.APPEARED, "workers", true, m.id()), next(members), "renewed watch");

    nameWatch.close();
    d.release("billing");
    Watch again = watcher.watchName("billing", names::add);
    a.claim("billing");
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, a.id()), next(names),
        "nothing was heard of the name between the closed watch and the new one");
    again.close();
    assertThrows(IllegalArgumentException.class, () -> watcher.watchGroup("$queue", members::add));
  }

  @Test
  void aWatcherRenewingItsConnectionHearsEachChangeOnce() throws Exception {
    Monologue first = client(MonologueOptions.builder());
    first.join("crew");
    AtomicInteger renewals = new AtomicInteger();
    Monologue watcher = client(MonologueOptions.builder().maxConnectionAge(Duration.ofMillis(1500))
        .connectionListener(new ConnectionListener() {
          @Override
          public void onReconnected(String oldId, String newId) {
            renewals.incrementAndGet();
          }
        }));
    BlockingQueue<DiscoveryEvent> members = new LinkedBlockingQueue<>();
    watcher.watchGroup("crew", members::add);
    assertEquals(new DiscoveryEvent(Change.APPEARED, "crew", true, first.id()), next(members));
    Awaits.eventually("two renewals of the watcher's connection", () -> renewals.get() >= 2, WAIT);
    Monologue second = client(MonologueOptions.builder());
    second.join("crew");
    // each renewal watched again and found the same state: nothing told; the change comes once
    assertEquals(new DiscoveryEvent(Change.APPEARED, "crew", true, second.id()), next(members));
    Awaits.eventually("a renewal after the join", () -> renewals.get() >= 4, WAIT);
    second.leave("crew");
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "crew", true, second.id()), next(members));
    first.leave("crew");
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "crew", true, first.id()), next(members));
  }

  @Test
  void aNameTakenOverByAnotherMachineIsNoLongerClaimedByItsFormerHolder() throws Exception {
    CompletableFuture<String> back = new CompletableFuture<>();
    Monologue holder = client(MonologueOptions.builder().connectionListener(new ConnectionListener() {
      @Override
      public void onReconnected(String oldId, String newId) {
        back.complete(newId);
      }
    }));
    holder.register(NamedService.class, () -> "holder");
    holder.claim("billing");
    BlockingQueue<DiscoveryEvent> seen = new LinkedBlockingQueue<>();
    holder.watchName("billing", seen::add);
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, holder.id()), next(seen));
    Monologue taker = client(MonologueOptions.builder());
    taker.register(NamedService.class, () -> "taker");
    taker.claim("billing", true);
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "billing", false, holder.id()), next(seen));
    assertEquals(new DiscoveryEvent(Change.APPEARED, "billing", false, taker.id()), next(seen));
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(5)));
    assertEquals("taker", caller.stub("billing", NamedService.class).instance());

    String takerId = taker.id();
    taker.close();
    assertEquals(new DiscoveryEvent(Change.DISAPPEARED, "billing", false, takerId), next(seen), "the name is free");
    assertTrue(relay.disconnect(holder.id()));
    back.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> caller.call("billing", "NamedService.instance", String.class).get(10, TimeUnit.SECONDS));
    assertInstanceOf(PeerGoneException.class, e.getCause(), "the former holder did not claim it again");
  }

  private static DiscoveryEvent next(BlockingQueue<DiscoveryEvent> events) throws InterruptedException {
    DiscoveryEvent e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(e, "no event within " + WAIT);
    return e;
  }

  @Test
  void typedCallAllGivesOneOutcomePerMemberFailingAndSlowOnesIncluded() throws Exception {
    Monologue ok = crewMember(new Worker() {
      @Override
      public String work(String job) {
        return "done " + job;
      }

      @Override
      public CompletableFuture<Integer> size(String job) {
        return CompletableFuture.completedFuture(job.length());
      }
    });
    Monologue failing = crewMember(new Worker() {
      @Override
      public String work(String job) {
        throw new IllegalStateException("out of paper for " + job);
      }

      @Override
      public CompletableFuture<Integer> size(String job) {
        return CompletableFuture.failedFuture(new IllegalStateException("no ruler"));
      }
    });
    CompletableFuture<Integer> never = new CompletableFuture<>();
    Monologue slow = crewMember(new Worker() {
      @Override
      public String work(String job) {
        return never.thenApply(n -> "late").join();
      }

      @Override
      public CompletableFuture<Integer> size(String job) {
        return never;
      }
    });
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(3)));
    try {
      long t0 = System.nanoTime();
      Map<String, CallOutcome<String>> work = byMember(
          caller.callAll("crew", Worker.class, w -> w.work("ledger")).get(20, TimeUnit.SECONDS));
      long took = System.nanoTime() - t0;
      assertEquals(Set.of(ok.id(), failing.id(), slow.id()), work.keySet());
      assertEquals("done ledger", work.get(ok.id()).value());
      RemoteFailureException failed = assertInstanceOf(RemoteFailureException.class,
          work.get(failing.id()).failure());
      assertTrue(failed.getMessage().contains("out of paper for ledger"), failed.getMessage());
      assertInstanceOf(CallTimeoutException.class, work.get(slow.id()).failure());
      assertTrue(took < TimeUnit.SECONDS.toNanos(10), "one overall timeout: took " + took / 1_000_000 + " ms");

      Map<String, CallOutcome<CompletableFuture<Integer>>> sizes = byMember(
          caller.callAll("crew", Worker.class, w -> w.size("abcd")).get(20, TimeUnit.SECONDS));
      assertEquals(4, sizes.get(ok.id()).value().getNow(-1), "a future's value, completed already");
      assertInstanceOf(RemoteFailureException.class, sizes.get(failing.id()).failure());
      assertInstanceOf(CallTimeoutException.class, sizes.get(slow.id()).failure());
    } finally {
      never.complete(0);
    }
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> caller.callAll("crew", Worker.class, w -> "no call"));
    assertTrue(none.getMessage().contains("exactly one method of " + Worker.class.getName()), none.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> caller.callAll("crew", Worker.class, w -> w.work("a") + w.work("b")));
  }

  private Monologue crewMember(Worker implementation) {
    Monologue m = client(MonologueOptions.builder());
    m.register(Worker.class, implementation);
    m.join("crew");
    return m;
  }

  private static <R> Map<String, CallOutcome<R>> byMember(List<CallOutcome<R>> outcomes) {
    Map<String, CallOutcome<R>> byId = new HashMap<>();
    outcomes.forEach(o -> assertNull(byId.put(o.member().id(), o), "two outcomes for " + o.member()));
    return byId;
  }

  @Test
  void aNameIsExclusiveAndTheRefusalIsTyped() {
    Monologue holder = client(MonologueOptions.builder());
    Monologue other = client(MonologueOptions.builder());
    holder.claim("billing");
    NameTakenException e = assertThrows(NameTakenException.class, () -> other.claim("billing"));
    assertEquals("billing", e.name());
    assertTrue(e.getMessage().contains("held by another connection"), e.getMessage());
    assertTrue(!e.getMessage().contains(holder.id()), "the refusal names no ID: " + e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> other.claim("$relay"));
    other.claim("billing", true);
    holder.register(NamedService.class, () -> "holder");
    other.register(NamedService.class, () -> "other");
    assertEquals("other", other.stub("billing", NamedService.class).instance());
  }

  @Test
  void aSlowCallToANameOutlivesTheLivenessProbes() throws Exception {
    Monologue callee = client(MonologueOptions.builder());
    callee.on("slow", call -> CompletableFuture.supplyAsync(() -> "late but fine",
        CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS)));
    callee.claim("slowpoke");
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(10))
        .probeInterval(Duration.ofMillis(200)));
    assertEquals("late but fine", caller.call("slowpoke", "slow", String.class).get(20, TimeUnit.SECONDS),
        "probed meanwhile: the relay resolves the name and finds its holder alive");
  }

  @Test
  void aKilledNamedCalleeComesBackAndItsCallersStubKeepsWorking() throws Exception {
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(5)));
    ChildJvm first = callee("one");
    NamedService billing = caller.stub("billing", NamedService.class);
    assertEquals("one", billing.instance());
    assertEquals("one", caller.call("billing", "NamedService.instance", String.class).get(10, TimeUnit.SECONDS));

    first.kill();
    // while it is away, each call succeeds or fails typed, within its timeout: none hangs
    for (int i = 0; i < 3; i++) {
      CompletableFuture<String> during = caller.call("billing", "NamedService.instance", String.class);
      try {
        during.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertInstanceOf(MonologueException.class, e.getCause());
      }
    }

    callee("two");
    assertEquals("two", billing.instance(), "the same stub reaches the name's new holder");
  }

  @Test
  void aRestartedMachineGetsItsNameBackAtOnceWhileItsOldConnectionStillLooksAlive() throws Exception {
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(5)));
    ChildJvm first = callee("one");
    assertEquals("one", caller.stub("billing", NamedService.class).instance());
    first.pause(); // stopped, its socket open: to the relay, its connection is alive
    Monologue stranger = client(MonologueOptions.builder().timeout(Duration.ofSeconds(10)));
    assertThrows(NameTakenException.class, () -> stranger.claim("billing"), "another owner is refused meanwhile");
    // the same machine (the same owner secret, kept in its home) starts again: its single claim is granted at once
    callee("two");
    assertEquals("two", caller.stub("billing", NamedService.class).instance());
    first.kill();
  }

  @Test
  void plannedRenewalOfANamedCalleeUnderSteadyLoadFailsNoCall() throws Exception {
    AtomicInteger renewals = new AtomicInteger();
    Monologue callee = client(MonologueOptions.builder().maxConnectionAge(Duration.ofMillis(1500))
        .connectionListener(new ConnectionListener() {
          @Override
          public void onReconnected(String oldId, String newId) {
            renewals.incrementAndGet();
          }
        }));
    callee.register(NamedService.class, () -> "steady");
    callee.claim("steady");
    Monologue caller = client(MonologueOptions.builder().timeout(Duration.ofSeconds(10)));
    NamedService steady = caller.stub("steady", NamedService.class);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        while (running.get()) {
          try {
            assertEquals("steady", steady.instance());
            done.incrementAndGet();
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      thread.start();
      callers.add(thread);
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (renewals.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the renewal count; the deadline bounds the wait
    }
    running.set(false);
    for (Thread thread : callers) {
      thread.join(WAIT.toMillis());
    }
    assertTrue(renewals.get() >= 3, "renewals: " + renewals.get());
    assertEquals(List.of(), List.copyOf(failures), done.get() + " calls succeeded");
    assertTrue(done.get() > 0);
    assertNotEquals(0, done.get());
  }
}
