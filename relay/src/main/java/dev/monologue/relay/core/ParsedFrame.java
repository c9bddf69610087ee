package dev.monologue.relay.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.monologue.wire.ClientFrames;
import dev.monologue.wire.PayloadType;
import java.io.IOException;

/**
 * What one pass over a client frame found: its top-level fields, the payload's bounds as character offsets (so the
 * router can copy the payload verbatim), and the payload's {@code token}, {@code type} and version marker.
 */
final class ParsedFrame {
  /** The longest secret {@code key} a claim may carry. */
  private static final int MAX_KEY_LENGTH = dev.monologue.wire.Limits.MAX_OWNER_SECRET_CHARS;

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

  /**
   * One pass over the frame with a streaming parser: top-level fields only, the payload's bounds as character
   * offsets, and the payload's top-level string {@code token}. Never throws; a problem is recorded as text.
   */
  static ParsedFrame scan(JsonFactory json, String frame) {
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
}
