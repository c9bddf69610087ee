package dev.monologue.relay.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Names;
import dev.monologue.wire.PayloadType;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.Utf8;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes client frames as docs/protocol.md says: {@code whoami}/{@code loopback} back to the sender,
 * {@code sendmessage} to its target, {@code ping} nowhere (a keep-alive), with the sender's real ID as {@code from} and the payload copied verbatim;
 * the bare text frame {@code whoami} of second-generation clients gets the bare connection ID back.
 * Every bad frame costs the sender one relay error frame, never an exception. Holds no socket code, so the local
 * relay and the AWS Lambda handler share it; thread-safe. Names and groups ({@link NameRouting}) keep their state
 * in a {@link NameRegistry}; the router holds none of its own.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** The text frame with which a second-generation client asks for its ID, answered with the bare ID as text. */
  public static final String BARE_WHOAMI = "whoami";

  /** Tokens longer than this are not echoed in error frames: real tokens are ~22 characters. */
  private static final int MAX_ECHOED_TOKEN = 1024;
  /** How much of a client-chosen string (action, target ID) an error message quotes. */
  private static final int MAX_QUOTED = 100;

  /** The longest secret {@code key} a claim may carry. */
  private static final int MAX_KEY_LENGTH = 256;

  private final ConnectionGateway gateway;
  private final int maxMessageBytes;
  private final JsonFactory json = new JsonFactory();
  private final NameRouting names;
  private final ConnectionProbe probe;

  /**
   * A router whose names and groups live in memory, as the local relay's do.
   *
   * @param gateway delivers frames to connections
   * @param maxMessageBytes the largest client frame, in UTF-8 bytes, the relay accepts (API Gateway: 131072)
   */
  public Router(ConnectionGateway gateway, int maxMessageBytes) {
    this(gateway, maxMessageBytes, new InMemoryNameRegistry());
  }

  /** A router whose names and groups live in {@code registry}. */
  public Router(ConnectionGateway gateway, int maxMessageBytes, NameRegistry registry) {
    this.gateway = Objects.requireNonNull(gateway, "gateway == null");
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    this.names = new NameRouting(gateway, registry, this::sendError);
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
    Objects.requireNonNull(frame, "frame == null");
    if (frame.equals(BARE_WHOAMI)) {
      gateway.send(senderId, senderId); // a sender gone meanwhile needs no answer
      return;
    }
    // Cheap first: a char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
    long bytes = (long) frame.length() * 3 <= maxMessageBytes ? -1 : Utf8.length(frame);
    ParsedFrame parsed = parse(frame);
    if (bytes > maxMessageBytes) {
      sendError(senderId, parsed.token, ErrorCode.FRAME_TOO_LARGE, "frame of " + bytes
          + " bytes is over the relay's limit of " + maxMessageBytes + " bytes; send smaller messages");
      return;
    }
    if (parsed.problem != null) {
      sendError(senderId, parsed.token, ErrorCode.MALFORMED_FRAME, parsed.problem);
      return;
    }
    if (parsed.action == null) {
      sendError(senderId, parsed.token, ErrorCode.MALFORMED_FRAME,
          "frame has no 'action'; expected one of whoami, loopback, sendmessage, probe, ping");
      return;
    }
    switch (parsed.action) {
      case "whoami": // Action.WHOAMI
      case "loopback": // Action.LOOPBACK
        echo(senderId, frame, parsed);
        break;
      case "sendmessage":
        sendMessage(senderId, frame, parsed);
        break;
      case "probe": // Action.PROBE; the target's ID is checked by the probe, a name resolved first
        String target = addressed(senderId, parsed) ? parsed.to : null;
        if (target != null && Names.isName(target)) {
          target = names.holderOrGone(senderId, target, parsed.token);
        }
        probe.answer(senderId, target, parsed.token);
        break;
      case "ping":
        break; // a keep-alive: receiving it was the point (it resets the idle timer); nothing to answer
      default:
        if (NameRouting.handles(parsed.action)) {
          names.handle(senderId, frame, parsed);
          break;
        }
        sendError(senderId, parsed.token, ErrorCode.UNKNOWN_ACTION, "unknown action '"
            + quote(parsed.action) + "'; the relay knows whoami, loopback, sendmessage, probe, ping, claim, release, join, leave, members,"
            + " watch, unwatch, sendany and sendall");
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
    ParsedFrame parsed = parse(frame);
    errorsFor(parsed).send(senderId, parsed.token, code, message);
  }

  /** Refuses a binary frame from {@code senderId}: the protocol is text only. */
  public void onBinary(String senderId) {
    Objects.requireNonNull(senderId, "senderId == null");
    sendError(senderId, null, ErrorCode.BINARY_NOT_SUPPORTED,
        "binary frames are not supported; send each message as one JSON text frame");
  }

  private void echo(String senderId, String frame, ParsedFrame parsed) {
    if (!parsed.hasPayload()) {
      sendError(senderId, parsed.token, ErrorCode.MALFORMED_FRAME,
          "'" + parsed.action + "' frame has no 'payload' object");
      return;
    }
    Delivery d = gateway.send(senderId,
        RelayFrames.deliver(senderId, senderId, frame, parsed.payloadStart, parsed.payloadEnd));
    if (d != Delivery.DELIVERED) {
      log.debug("{} reply to connection {} not delivered: {}", parsed.action, senderId, d);
    }
  }

  /** Whether the frame has a usable 'to' and a payload; else the sender got a MALFORMED_FRAME error. */
  private boolean addressed(String senderId, ParsedFrame parsed) {
    String problem = parsed.toProblem != null ? parsed.toProblem
        : parsed.to == null ? "'" + parsed.action + "' frame has no 'to'; set it to the target's connection ID"
        : !parsed.hasPayload() ? "'" + parsed.action + "' frame has no 'payload' object" : null;
    if (problem != null) {
      sendError(senderId, parsed.token, ErrorCode.MALFORMED_FRAME, problem);
    }
    return problem == null;
  }

  private void sendMessage(String senderId, String frame, ParsedFrame parsed) {
    if (!addressed(senderId, parsed)) {
      return;
    }
    String to = parsed.to;
    if (Names.isName(to)) {
      names.sendToName(senderId, frame, parsed);
      return;
    }
    String notAnId = ConnectionIds.problem(to);
    if (notAnId != null) {
      errorsFor(parsed).send(senderId, parsed.token, ErrorCode.MALFORMED_FRAME, notAnId);
      return;
    }
    Delivery d = gateway.send(to,
        RelayFrames.deliver(to, senderId, frame, parsed.payloadStart, parsed.payloadEnd));
    if (d == Delivery.GONE) {
      names.forget(to); // gone without a disconnect seen: its names go now
    }
    DeliveryErrors.report(errorsFor(parsed), senderId, parsed.token, "connection '" + quote(to) + "'", d);
  }

  /**
   * Where relay errors about {@code parsed} go: to its sender, unless the frame may come from a client of the
   * original JavaScript Monologue, which ends on any payload but REQ and ACK (docs/protocol.md). Such a frame is an
   * ACK, or a REQ without the version marker Java clients send; its error is logged instead. The original caller's
   * own timeout then resolves its call, as with the original relay; a reply's failure is nothing its sender could
   * act on.
   */
  private DeliveryErrors.Errors errorsFor(ParsedFrame parsed) {
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

  /**
   * One pass over the frame with a streaming parser: top-level fields only, the payload's bounds as character
   * offsets, and the payload's top-level string {@code token}. Never throws; a problem is recorded as text.
   */
  private ParsedFrame parse(String frame) {
    ParsedFrame r = new ParsedFrame();
    try (JsonParser p = json.createParser(frame)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        r.problem = first == null ? "frame is empty; send one JSON object"
            : "frame is " + JsonTokens.describe(first) + ", not a JSON object";
        return r;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "action":
            if (r.sawAction) {
              r.problem("frame has 'action' twice");
            }
            r.sawAction = true;
            if (value == JsonToken.VALUE_STRING) {
              r.action = p.getText();
            } else {
              r.problem("'action' must be a string, was " + JsonTokens.describe(value));
            }
            break;
          case "to":
            if (r.sawTo) {
              r.problem("frame has 'to' twice");
            }
            r.sawTo = true;
            if (value == JsonToken.VALUE_STRING) {
              r.to = p.getText();
            } else {
              r.toProblem = "'to' must be a connection ID string, was " + JsonTokens.describe(value);
            }
            break;
          case "payload":
            if (r.payloadStart >= 0 || r.sawPayload) {
              r.problem("frame has 'payload' twice");
            }
            r.sawPayload = true;
            if (value == JsonToken.START_OBJECT) {
              scanPayload(p, r);
              continue; // scanPayload consumed the object
            }
            r.problem("'payload' must be a JSON object, was " + JsonTokens.describe(value));
            break;
          case "name":
          case "group":
          case "key":
            if (value == JsonToken.VALUE_STRING) {
              r.nameField(name, p.getText());
            } else {
              r.nameFieldProblem("'" + name + "' must be a string, was " + JsonTokens.describe(value));
            }
            break;
          case "takeover":
            if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
              r.takeover = value == JsonToken.VALUE_TRUE;
            } else {
              r.nameFieldProblem("'takeover' must be true or false, was " + JsonTokens.describe(value));
            }
            break;
          default:
            break; // 'from' and anything else the client wrote are ignored
        }
        p.skipChildren();
      }
      if (t != JsonToken.END_OBJECT) {
        r.problem = "frame is not valid JSON";
      } else if (p.nextToken() != null) {
        r.problem = "frame has data after its JSON object; send exactly one object per frame";
      }
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      r.problem = "frame is not valid JSON" + (at >= 0 ? " (at character " + at + ")" : "") + ": "
          + e.getOriginalMessage();
    } catch (IOException | RuntimeException e) {
      r.problem = "frame could not be read as JSON: " + e;
    }
    return r;
  }

  /** Called on the payload's START_OBJECT; leaves the parser on its END_OBJECT. */
  private static void scanPayload(JsonParser p, ParsedFrame r) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && field.equals("token") && r.token == null) {
        r.token = p.getText();
      } else if (value == JsonToken.VALUE_STRING && field.equals("type") && r.payloadType == null) {
        r.payloadType = p.getText();
      } else if (field.equals(ClientFrames.VERSION_FIELD)) {
        r.versioned = true;
        p.skipChildren();
      } else {
        p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("payload object not closed");
    }
    r.payloadStart = start;
    r.payloadEnd = (int) p.currentLocation().getCharOffset();
  }

  private static String quote(String clientText) {
    return clientText.length() <= MAX_QUOTED ? clientText : clientText.substring(0, MAX_QUOTED) + "...";
  }

  /** What one pass over a frame found. */
  static final class ParsedFrame {
    String problem;
    /** A problem with the fields only name actions read; other actions ignore those fields, as before. */
    String nameFieldProblem;
    String name;
    String group;
    String key;
    boolean takeover;
    String toProblem;
    String action;
    String to;
    String token;
    /** The payload's {@code type}, and whether it has the version marker of Java clients. */
    String payloadType;
    boolean versioned;
    boolean sawAction;
    boolean sawTo;
    boolean sawPayload;
    int payloadStart = -1;
    int payloadEnd = -1;

    void problem(String p) {
      if (problem == null) {
        problem = p;
      }
    }

    boolean hasPayload() {
      return payloadStart >= 0;
    }

    /** An ACK, or a REQ without the version marker: what a client of the original JavaScript Monologue sends. */
    boolean mayComeFromOriginalClient() {
      return PayloadType.ACK.wire().equals(payloadType)
          || (PayloadType.REQ.wire().equals(payloadType) && !versioned);
    }

    void nameFieldProblem(String p) {
      if (nameFieldProblem == null) {
        nameFieldProblem = p;
      }
    }

    void nameField(String field, String value) {
      String before;
      switch (field) {
        case "name":
          before = name;
          name = value;
          break;
        case "group":
          before = group;
          group = value;
          break;
        default:
          before = key;
          key = value;
          if (value.length() > MAX_KEY_LENGTH) {
            nameFieldProblem("'key' is longer than " + MAX_KEY_LENGTH + " characters");
          }
      }
      if (before != null) {
        nameFieldProblem("frame has '" + field + "' twice");
      }
    }
  }
}
