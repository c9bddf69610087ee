package dev.monologue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.spi.TransportProvider;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * One machine's connection to a Monologue relay: learns its own connection ID, serves methods and calls methods
 * on other connected machines by their IDs.
 *
 * <p>Instances are thread-safe. Close them when done; closing fails every pending call with
 * {@link ConnectionDroppedException}.
 */
public interface Monologue extends AutoCloseable {

  /**
   * Creates a client configured from the environment ({@code MONOLOGUE_*}, then {@code monologue_*} variables as the
   * npm rc package names them) and the rc files the original JavaScript clients read (the nearest
   * {@code .monologuerc} from the working directory upward, then the home directory's and {@code /etc}'s; see the
   * README).
   */
  static Monologue create() {
    return create(MonologueOptions.builder().build());
  }

  /**
   * Creates a client from {@code options}. Options left unset are taken from the environment, then from the rc
   * files: explicit beats environment beats file. A file that cannot be read stops the client only when the endpoint
   * is still missing.
   */
  static Monologue create(MonologueOptions options) {
    Objects.requireNonNull(options, "options == null");
    MonologueOptions resolved = OptionsResolver.system().resolve(options);
    return loadTransport().create(resolved);
  }

  private static TransportProvider loadTransport() {
    for (TransportProvider provider : ServiceLoader.load(TransportProvider.class, Monologue.class.getClassLoader())) {
      return provider;
    }
    throw new IllegalStateException(
        "No Monologue transport on the class path. Add the dependency dev.monologue:monologue-transport.");
  }

  /**
   * Connects to the relay and blocks until it has told this machine its connection ID, within the configured
   * timeout. Safe to call more than once and from several threads: later calls return the same ID.
   *
   * @return this machine's connection ID
   * @throws MonologueException if the relay cannot be reached, refuses the API key, or does not answer in time
   */
  String connect();

  /**
   * This machine's connection ID.
   *
   * @throws IllegalStateException if {@link #connect()} has not completed
   */
  String id();

  /**
   * Serves a string-named method. The handler runs on the handler executor, never on the socket's thread, and
   * returns the result or a {@link java.util.concurrent.CompletionStage} of it.
   *
   * @throws IllegalStateException if {@code name} is already registered or the listener limit is reached
   */
  void on(String name, MethodHandler handler);

  /** Calls the method {@code name} on machine {@code to} and completes with its raw JSON result. */
  CompletableFuture<JsonNode> call(String to, String name, Object... args);

  /** Calls the method {@code name} on machine {@code to} and completes with its result decoded as {@code returnType}. */
  <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args);

  /**
   * A stub of {@code service} that calls the machine {@code to}. Uses the generated stub when the annotation
   * processor ran (and {@link MonologueOptions#generatedClasses()} is not turned off), and a dynamic proxy otherwise;
   * both send the same frames.
   */
  <T> T stub(String to, Class<T> service);

  /**
   * Serves every remote method of {@code service} with {@code implementation}, through the generated skeleton or,
   * without one (or with {@link MonologueOptions#generatedClasses()} off), a reflective one that serves the same.
   */
  <T> void register(Class<T> service, T implementation);

  /**
   * Tells {@code listener} of every drop and reconnect from now on (see {@link ConnectionListener}). Listeners can
   * also be given through {@link MonologueOptions.Builder#connectionListener(ConnectionListener)}.
   */
  void addConnectionListener(ConnectionListener listener);

  /** Stops telling {@code listener}; false when it was not registered. */
  boolean removeConnectionListener(ConnectionListener listener);

  /**
   * Claims the stable name {@code name} (1 to 64 characters of {@code a-z 0-9 . _ -}, starting with a letter) for
   * this machine, so that others call it by name as by ID ({@code call("billing", ...)}, {@code stub("billing",
   * Billing.class)}), across its reconnects: the name is claimed again on every new connection before calls go out
   * on it. Names are exclusive: blocks until the relay granted it, within the timeout. The claim carries this
   * machine's owner secret ({@link MonologueOptions#ownerSecret()}): a name held with the same secret (this machine's
   * previous connection or run) moves here at once.
   *
   * @param takeover take the name from another owner instead of failing, if the relay lets this API key
   * @throws NameTakenException if another owner's live connection holds it and {@code takeover} is false
   * @throws TakeoverRefusedException if {@code takeover} is true but the relay does not let this API key take over
   * @throws NotPermittedException if the relay's policy does not let this API key claim {@code name}
   * @throws IllegalArgumentException if {@code name} is not a valid name
   */
  void claim(String name, boolean takeover);

  /** {@link #claim(String, boolean) claim(name, false)}. */
  default void claim(String name) {
    claim(name, false);
  }

  /** Gives the name up; it is no longer claimed on new connections. */
  void release(String name);

  /**
   * Joins {@code group} (same rules as names); the membership is renewed on every new connection. Blocks until the
   * relay confirmed it, within the timeout.
   *
   * @throws NotPermittedException if the relay's policy does not let this API key join {@code group}
   */
  void join(String group);

  /** Leaves {@code group}. */
  void leave(String group);

  /** The members of {@code group} now, with their names; blocks within the timeout. */
  java.util.List<GroupMember> members(String group);

  /**
   * Calls {@code name} on one live member of {@code group}: the relay takes members in turn and skips a member
   * that is gone at once. Fails with {@link RelayRejectedException} ({@code NO_MEMBERS}) when none is live.
   */
  <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args);

  /** A stub of {@code service} whose every call goes to one live member of {@code group}, as {@link #callAny}. */
  <T> T stubAny(String group, Class<T> service);

  /**
   * Calls {@code name} on every member of {@code group}; completes, within one overall timeout, with one outcome
   * per member the relay delivered to (or could not): its value or its typed failure.
   */
  <R> CompletableFuture<java.util.List<CallOutcome<R>>> callAll(String group, String name,
      Class<R> returnType, Object... args);

  /**
   * The typed form of {@link #callAll(String, String, Class, Object...)}: calls, on every member of {@code group}, the
   * one method of {@code service} that {@code call} calls on the stub it is given, with the same arguments, e.g.
   * {@code callAll("workers", Billing.class, billing -> billing.total(order))}. Completes within one overall timeout
   * with one outcome per member: the value (a completed future of it for a method that returns a future; null for
   * a {@code void} one) or the member's typed failure. The stub {@code call} is given sends nothing: what it returns
   * is a placeholder.
   *
   * @throws IllegalArgumentException if {@code call} does not call exactly one method of the stub
   */
  <S, R> CompletableFuture<java.util.List<CallOutcome<R>>> callAll(String group, Class<S> service,
      java.util.function.Function<? super S, ? extends R> call);

  /**
   * Watches the name {@code name}: {@code listener} is told at once who holds it now (an
   * {@link DiscoveryEvent.Change#APPEARED}; nothing when nobody does), then of every change: {@code APPEARED} for a new holder, {@code DISAPPEARED} for one
   * that released it, lost it to a takeover or went away. The watch is renewed on every new connection, and what
   * changed meanwhile is told as events too. Blocks until the relay confirmed it, within the timeout.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid name
   */
  Watch watchName(String name, DiscoveryListener listener);

  /**
   * Watches the group {@code group}, as {@link #watchName} a name: {@code listener} is told at once of every current
   * member ({@code APPEARED}), then of each member joining ({@code APPEARED}) and leaving or going away
   * ({@code DISAPPEARED}).
   */
  Watch watchGroup(String group, DiscoveryListener listener);

  /** Disconnects and fails every pending call. Idempotent. */
  /**
   * The calls of this client made with {@code options}: a timeout or deadline, and metadata. The view is cheap;
   * keep it, or make one per call: {@code monologue.withOptions(options).call(...)}.
   */
  Calls withOptions(CallOptions options);

  @Override
  void close();
}
