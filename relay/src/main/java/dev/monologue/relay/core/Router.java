package dev.monologue.relay.core;

import com.fasterxml.jackson.core.JsonFactory;
import dev.monologue.wire.Action;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Fields;
import dev.monologue.wire.Frame;
import dev.monologue.wire.FrameReader;
import dev.monologue.wire.KeepAliveAnswer;
import dev.monologue.wire.NameLease;
import dev.monologue.wire.Names;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.Utf8;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes client frames as docs/protocol.md says: {@code whoami}/{@code loopback} back to the sender,
 * {@code sendmessage} to its target, {@code ping} nowhere (a keep-alive), {@code keepalive} with a
 * {@link KeepAliveAnswer} (the keep-alive the Java client sends), with the sender's real ID as {@code from} and the payload copied verbatim;
 * the bare text frame {@code whoami} of second-generation clients gets the bare connection ID back.
 * Every bad frame costs the sender one relay error frame, never an exception. Holds no socket code, so the local
 * relay and the AWS Lambda handler share it; thread-safe. Names and groups ({@link NameRouting}) keep their state
 * in a {@link NameRegistry}; the router holds none of its own.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** The text frame with which a second-generation client asks for its ID, answered with the bare ID as text. */
  public static final String BARE_WHOAMI = Action.WHOAMI.wire();

  /** Tokens longer than this are not echoed in error frames: real tokens are ~22 characters. */
  private static final int MAX_ECHOED_TOKEN = 1024;
  /** How much of a client-chosen string (action, target ID) an error message quotes. */
  private static final int MAX_QUOTED = 100;

  private final ConnectionGateway gateway;
  private final int maxMessageBytes;
  private final FrameReader reader = new FrameReader(new JsonFactory());
  private final NameRouting names;
  private final ConnectionProbe probe;
  private final RelayPolicy policy;
  private final ConnectionKeys keys;

  /**
   * A router whose names and groups live in memory, as the local relay's do.
   *
   * @param gateway delivers frames to connections
   * @param maxMessageBytes the largest client frame, in UTF-8 bytes, the relay accepts (API Gateway: 131072)
   */
  public Router(ConnectionGateway gateway, int maxMessageBytes) {
    this(gateway, maxMessageBytes, new InMemoryNameRegistry());
  }

  /** A router whose names and groups live in {@code registry}, every key under {@link RelayPolicy#DEFAULT}. */
  public Router(ConnectionGateway gateway, int maxMessageBytes, NameRegistry registry) {
    this(gateway, maxMessageBytes, registry, RelayPolicy.DEFAULT, ConnectionKeys.UNKNOWN, NameLease.DEFAULT);
  }

  /**
   * A router whose names and groups live in {@code registry}, and whose name holders lose their names after
   * {@code nameLease} without sending the relay anything (docs/protocol.md, "Leases").
   */
  public Router(ConnectionGateway gateway, int maxMessageBytes, NameRegistry registry, Duration nameLease) {
    this(gateway, maxMessageBytes, registry, RelayPolicy.DEFAULT, ConnectionKeys.UNKNOWN, nameLease);
  }

  /** As {@link #Router(ConnectionGateway, int, NameRegistry, RelayPolicy, ConnectionKeys, Duration)}, default lease. */
  public Router(ConnectionGateway gateway, int maxMessageBytes, NameRegistry registry, RelayPolicy policy,
      ConnectionKeys keys) {
    this(gateway, maxMessageBytes, registry, policy, keys, NameLease.DEFAULT);
  }

  /**
   * A router whose names and groups live in {@code registry}, each connection's rights given by {@code policy} for
   * the API key it connected with, as {@code keys} tells it (or as {@link #onText(String, String, String)} is told),
   * and whose name holders lose their names after {@code nameLease} without sending the relay anything.
   */
  public Router(ConnectionGateway gateway, int maxMessageBytes, NameRegistry registry, RelayPolicy policy,
      ConnectionKeys keys, Duration nameLease) {
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.gateway = Objects.requireNonNull(gateway, "gateway == null");
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    this.names = new NameRouting(gateway, registry, this::sendError, new HolderLease(gateway, nameLease));
    this.probe = new ConnectionProbe(gateway, this::sendError);
  }

  /** Connection {@code id} disconnected: its names, memberships and watches end, and watchers are told. */
  public void onDisconnect(String id) {
    Objects.requireNonNull(id, "id == null");
    names.forget(id);
  }

  /** The largest client frame, in UTF-8 bytes, this router accepts. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * Routes one text frame from {@code senderId}. Bad input is answered with a relay error frame to the sender;
   * exceptions thrown by the gateway while delivering a message propagate.
   */
  public void onText(String senderId, String frame) {
    Objects.requireNonNull(senderId, "senderId == null");
    onText(senderId, keys.keyIdOf(senderId).orElse(null), frame);
  }

  /**
   * Routes one text frame from {@code senderId}, which connected with the API key whose ID is {@code apiKeyId}
   * (null: without a key, or not known); on AWS the sender's event says it. Otherwise as {@link #onText(String,
   * String)}.
   */
  public void onText(String senderId, String apiKeyId, String frame) {
    Objects.requireNonNull(senderId, "senderId == null");
    Objects.requireNonNull(frame, "frame == null");
    KeyPolicy sender = policy.forKey(apiKeyId);
    if (policy.hasTenants()) {
      recordKey(senderId, apiKeyId);
    }
    if (frame.equals(BARE_WHOAMI)) {
      gateway.send(senderId, senderId); // a sender gone meanwhile needs no answer
      return;
    }
    // Cheap first: a char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
    long bytes = (long) frame.length() * 3 <= maxMessageBytes ? -1 : Utf8.length(frame);
    Frame parsed = reader.read(frame);
    if (bytes > maxMessageBytes) {
      sendError(senderId, parsed.token(), ErrorCode.FRAME_TOO_LARGE, "frame of " + bytes
          + " bytes is over the relay's limit of " + maxMessageBytes + " bytes; send smaller messages");
      return;
    }
    if (parsed.problem() != null) {
      sendError(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME, parsed.problem());
      return;
    }
    if (parsed.action() == null) {
      sendError(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME,
          "frame has no 'action'; expected one of " + Action.basic());
      return;
    }
    Action action = Action.fromWire(parsed.action());
    if (action == null) {
      sendError(senderId, parsed.token(), ErrorCode.UNKNOWN_ACTION, "unknown action '"
          + quote(parsed.action()) + "'; the relay knows " + Action.known());
      return;
    }
    switch (action) {
      case WHOAMI, LOOPBACK -> echo(senderId, frame, parsed);
      case SENDMESSAGE -> sendMessage(senderId, sender, frame, parsed);
      case PROBE -> { // the target's ID is checked by the probe, a name resolved first
        if (toName(senderId, parsed)) {
          String holder = names.holderOrGone(senderId, sender.tenant(), parsed.name(), parsed.token());
          if (holder != null) {
            probe.answer(senderId, holder, parsed.token());
          }
        } else if (!addressedToName(parsed) && addressed(senderId, parsed)) {
          Boolean same = sameTenant(senderId, sender, parsed.to(), parsed, this::sendError);
          if (same == Boolean.TRUE) {
            probe.answer(senderId, parsed.to(), parsed.token());
          } else if (same == Boolean.FALSE) {
            sendError(senderId, parsed.token(), ErrorCode.PEER_GONE, "connection '" + quote(parsed.to())
                + "' is not connected"); // as the probe answers an ID nobody has
          }
        }
      }
      case PING -> { } // a keep-alive: receiving it was the point (it resets the idle timer); nothing to answer
      // answered as API Gateway's mock answers it on AWS (template.yaml)
      case KEEPALIVE -> gateway.send(senderId, KeepAliveAnswer.write(senderId, System.currentTimeMillis()));
      default -> names.handle(senderId, sender, frame, parsed, action);
    }
  }

  /**
   * Answers {@code frame} from {@code senderId} with a relay error frame instead of routing it, echoing the
   * payload's token when the frame has one: for refusals decided outside the router, such as a rate limit.
   */
  public void refuse(String senderId, String frame, ErrorCode code, String message) {
    Objects.requireNonNull(senderId, "senderId == null");
    Objects.requireNonNull(frame, "frame == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(message, "message == null");
    Frame parsed = reader.read(frame);
    errorsFor(parsed).send(senderId, parsed.token(), code, message);
  }

  /** Refuses a binary frame from {@code senderId}: the protocol is text only. */
  public void onBinary(String senderId) {
    Objects.requireNonNull(senderId, "senderId == null");
    sendError(senderId, null, ErrorCode.BINARY_NOT_SUPPORTED,
        "binary frames are not supported; send each message as one JSON text frame");
  }

  private void echo(String senderId, String frame, Frame parsed) {
    if (!parsed.hasPayload()) {
      sendError(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME,
          "'" + parsed.action() + "' frame has no 'payload' object");
      return;
    }
    Delivery d = gateway.send(senderId,
        RelayFrames.deliver(senderId, senderId, frame, parsed.payloadStart(), parsed.payloadEnd()));
    if (d != Delivery.DELIVERED) {
      log.debug("{} reply to connection {} not delivered: {}", parsed.action(), senderId, d);
    }
  }

  /** Whether the frame has a usable 'to' and a payload; else the sender got a MALFORMED_FRAME error. */
  private boolean addressed(String senderId, Frame parsed) {
    String problem = parsed.toProblem() != null ? parsed.toProblem()
        : parsed.to() == null ? "'" + parsed.action() + "' frame has no 'to'; set it to the target's connection ID (or"
            + " 'name' to a name)"
        : !parsed.hasPayload() ? "'" + parsed.action() + "' frame has no 'payload' object" : null;
    if (problem != null) {
      sendError(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME, problem);
    }
    return problem == null;
  }

  /**
   * Whether the frame is addressed to a name ({@code "name":N} and no {@code "to"}) that is valid, with a payload; a
   * frame with such a name that is not is answered here (false). A frame with a {@code to} goes to that connection
   * ID, any {@code name} ignored, as before names existed: frames of earlier clients route unchanged.
   */
  private boolean toName(String senderId, Frame parsed) {
    if (parsed.sawTo() || parsed.name() == null && parsed.nameFieldProblem() == null) {
      return false;
    }
    String problem = parsed.nameFieldProblem() != null ? parsed.nameFieldProblem()
        : !parsed.hasPayload() ? "'" + parsed.action() + "' frame has no 'payload' object" : null;
    if (problem != null) {
      sendError(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME, problem);
      return false;
    }
    String bad = Names.problem(parsed.name(), Fields.NAME);
    if (bad != null) {
      sendError(senderId, parsed.token(), ErrorCode.BAD_NAME, bad);
      return false;
    }
    return true;
  }

  private static boolean addressedToName(Frame parsed) {
    return !parsed.sawTo() && (parsed.name() != null || parsed.nameFieldProblem() != null);
  }

  private void sendMessage(String senderId, KeyPolicy sender, String frame, Frame parsed) {
    if (toName(senderId, parsed)) {
      names.sendToName(senderId, sender.tenant(), frame, parsed);
      return;
    }
    if (addressedToName(parsed) || !addressed(senderId, parsed)) {
      return; // a bad name target was answered by toName
    }
    String to = parsed.to();
    String notAnId = ConnectionIds.problem(to);
    if (notAnId != null) {
      errorsFor(parsed).send(senderId, parsed.token(), ErrorCode.MALFORMED_FRAME, notAnId);
      return;
    }
    Boolean same = sameTenant(senderId, sender, to, parsed, errorsFor(parsed));
    if (same == null) {
      return; // answered: the target's tenant could not be told
    }
    if (!same) {
      // as if the ID did not exist: the same answer as for a connection that is gone
      DeliveryErrors.report(errorsFor(parsed), senderId, parsed.token(), "connection '" + quote(to) + "'",
          Delivery.GONE);
      return;
    }
    Delivery d = gateway.send(to,
        RelayFrames.deliver(to, senderId, frame, parsed.payloadStart(), parsed.payloadEnd()));
    if (d == Delivery.GONE) {
      names.forget(to); // gone without a disconnect seen: its names go now
    }
    DeliveryErrors.report(errorsFor(parsed), senderId, parsed.token(), "connection '" + quote(to) + "'", d);
  }

  /**
   * Whether connection {@code target} belongs to the sender's tenant. Without tenants in the policy every connection
   * shares one space and nothing is asked. A target whose key the relay does not know (not connected, or on AWS never
   * heard from) is not the sender's: it is answered as an ID nobody has. With {@link ConnectionKeys#UNKNOWN} (a relay
   * that cannot tell) every target is. Null when the keys could not be read; the sender was then told.
   */
  private Boolean sameTenant(String senderId, KeyPolicy sender, String target, Frame parsed,
      DeliveryErrors.Errors errors) {
    if (!policy.hasTenants()) {
      return true;
    }
    Optional<String> keyId;
    try {
      keyId = keys.keyIdOf(target);
    } catch (RuntimeException e) {
      log.warn("Could not tell the tenant of connection {} for a message from {}", target, senderId, e);
      errors.send(senderId, parsed.token(), ErrorCode.DELIVERY_FAILED, "the relay could not check the tenant of"
          + " connection '" + quote(target) + "'; the message was not delivered; retry later");
      return null;
    }
    return keyId.map(k -> Objects.equals(policy.forKey(k).tenant(), sender.tenant()))
        .orElse(keys == ConnectionKeys.UNKNOWN);
  }

  /** Records the key {@code senderId} sent with, for other connections' messages to it; a failure is retried next time. */
  private void recordKey(String senderId, String apiKeyId) {
    try {
      keys.sent(senderId, apiKeyId);
    } catch (RuntimeException e) {
      log.warn("Could not record the API key of connection {}; messages to it by ID are refused until it is", senderId,
          e);
    }
  }

  /**
   * Where relay errors about {@code parsed} go: to its sender, unless the frame may come from a client of the
   * original JavaScript Monologue, which ends on any payload but REQ and ACK (docs/protocol.md). Such a frame is an
   * ACK, or a REQ without the version marker Java clients send; its error is logged instead. The original caller's
   * own timeout then resolves its call, as with the original relay; a reply's failure is nothing its sender could
   * act on.
   */
  private DeliveryErrors.Errors errorsFor(Frame parsed) {
    return parsed.mayComeFromOriginalClient() ? Router::withhold : this::sendError;
  }

  private static void withhold(String senderId, String token, ErrorCode code, String message) {
    log.debug("{} for connection {} not sent (its frame may come from an original client, which cannot read"
        + " relay errors): {}", code, senderId, message);
  }

  private void sendError(String senderId, String token, ErrorCode code, String message) {
    String echoedToken = token != null && token.length() <= MAX_ECHOED_TOKEN ? token : null;
    log.debug("{} to connection {}: {}", code, senderId, message);
    try {
      Delivery d = gateway.send(senderId, RelayFrames.error(senderId, echoedToken, code, message));
      if (d != Delivery.DELIVERED) {
        log.debug("{} error frame to connection {} not delivered: {}", code, senderId, d);
      }
    } catch (RuntimeException e) {
      // The sender is the one at fault or gone; nobody else is waiting on this frame.
      log.warn("Could not send a {} error frame to connection {}", code, senderId, e);
    }
  }

  private static String quote(String clientText) {
    return clientText.length() <= MAX_QUOTED ? clientText : clientText.substring(0, MAX_QUOTED) + "...";
  }
}
