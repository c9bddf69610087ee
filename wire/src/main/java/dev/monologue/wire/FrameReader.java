package dev.monologue.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads any frame of the protocol in one streaming pass into a {@link Frame}: the relay reads client frames with it
 * (routing fields, the payload's bounds, token, type and version marker), the client reads delivered frames with it
 * (the sender and the payload's fields). Values that need data binding ({@code args}, {@code error}, {@code ret},
 * metadata) go to the caller's {@link PayloadValues}, on the same parser, so nothing is parsed twice; without one
 * they are skipped. Never throws: what is wrong is recorded as text in the frame.
 */
public final class FrameReader {
  /** Reads the payload values that need more than jackson-core (trees, bound types); the client's. */
  @FunctionalInterface
  public interface PayloadValues {
    /**
     * Reads the value under {@code p} (its first token is current) of payload field {@code field}, and leaves the
     * parser on its last token. {@code soFar} holds what came before it ({@code from}, {@code type},
     * {@code token} when written first, as relays and clients write them).
     */
    Object read(Frame.Value field, JsonParser p, Frame soFar) throws IOException;
  }

  private static final int MAX_KEY_LENGTH = Limits.MAX_OWNER_SECRET_CHARS;

  private final JsonFactory json;

  /** A reader of frames with parsers of {@code json}. */
  public FrameReader(JsonFactory json) {
    this.json = Objects.requireNonNull(json, "json == null");
  }

  /** Reads {@code text} in one pass, skipping the payload's values: what the relay needs. */
  public Frame read(String text) {
    return read(text, null);
  }

  /** Reads {@code text} in one pass, handing the payload's values to {@code values} (null: skips them). */
  public Frame read(String text, PayloadValues values) {
    Objects.requireNonNull(text, "text == null");
    Frame r = new Frame();
    try (JsonParser p = json.createParser(text)) {
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
          case Fields.ACTION:
            if (r.sawAction) {
              problem(r, "frame has 'action' twice");
            }
            r.sawAction = true;
            if (value == JsonToken.VALUE_STRING) {
              r.action = p.getText();
            } else {
              problem(r, "'action' must be a string, was " + JsonTokens.describe(value));
            }
            break;
          case Fields.TO:
            if (r.sawTo) {
              problem(r, "frame has 'to' twice");
            }
            r.sawTo = true;
            if (value == JsonToken.VALUE_STRING) {
              r.to = p.getText();
            } else {
              r.toProblem = "'to' must be a connection ID string, was " + JsonTokens.describe(value);
            }
            break;
          case Fields.FROM:
            if (r.sawFrom) {
              r.irregular = true;
            } else if (value == JsonToken.VALUE_STRING) {
              r.from = p.getText();
            }
            r.sawFrom = true;
            break;
          case Fields.PAYLOAD:
            if (r.payloadStart >= 0 || r.sawPayload) {
              problem(r, "frame has 'payload' twice");
            }
            r.sawPayload = true;
            if (value == JsonToken.START_OBJECT) {
              payload(p, r, values);
              continue; // payload() consumed the object
            }
            problem(r, "'payload' must be a JSON object, was " + JsonTokens.describe(value));
            break;
          case Fields.NAME:
          case Fields.GROUP:
          case Fields.KEY:
            if (value == JsonToken.VALUE_STRING) {
              nameField(r, name, p.getText());
            } else {
              nameFieldProblem(r, "'" + name + "' must be a string, was " + JsonTokens.describe(value));
            }
            break;
          case Fields.TAKEOVER:
            if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
              r.takeover = value == JsonToken.VALUE_TRUE;
            } else {
              nameFieldProblem(r, "'takeover' must be true or false, was " + JsonTokens.describe(value));
            }
            break;
          default:
            break; // anything else a frame holds is ignored
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

  private static final int TYPE = 1;
  private static final int TOKEN = 2;
  private static final int METHOD = 4;
  private static final int ARGS = 8;
  private static final int ERROR = 16;
  private static final int RET = 32;
  private static final int VERSION = 64;
  private static final int DEADLINE = 128;
  private static final int METADATA = 256;
  private static final int CANCEL = 512;

  /** Called on the payload's START_OBJECT; leaves the parser on its END_OBJECT. */
  private static void payload(JsonParser p, Frame r, PayloadValues values) throws IOException {
    int start = (int) p.currentTokenLocation().getCharOffset();
    int seen = 0;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      int bit = switch (field) {
        case Fields.TYPE -> TYPE;
        case Fields.TOKEN -> TOKEN;
        case Fields.NAME -> METHOD;
        case Fields.ARGS -> ARGS;
        case Fields.ERROR -> ERROR;
        case Fields.RET -> RET;
        case ClientFrames.VERSION_FIELD -> VERSION;
        case CallFields.DEADLINE -> DEADLINE;
        case CallFields.METADATA -> METADATA;
        case CallFields.CANCEL -> CANCEL;
        default -> 0;
      };
      if ((seen & bit) != 0) {
        r.irregular = true; // a field twice: a tree keeps the last one, the relay the first
      }
      seen |= bit;
      switch (bit) {
        case TYPE -> {
          if (value != JsonToken.VALUE_STRING) {
            r.irregular = true;
          } else if (r.type == null) {
            r.type = p.getText();
          }
        }
        case TOKEN -> {
          if (value == JsonToken.VALUE_STRING && r.token == null) {
            r.token = p.getText();
          }
        }
        case METHOD -> {
          if (value == JsonToken.VALUE_STRING && r.method == null) {
            r.method = p.getText();
          }
        }
        case VERSION -> {
          r.versionMarked = true;
          r.versioned = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
              && p.getIntValue() >= ClientFrames.VERSION;
        }
        case DEADLINE -> r.deadlineMillis = Frame.deadline(value == JsonToken.VALUE_NUMBER_INT ? p.getNumberValue() : null);
        case CANCEL -> r.cancel = value == JsonToken.VALUE_TRUE;
        case ARGS -> r.args = value(values, Frame.Value.ARGS, p, r);
        case ERROR -> r.error = value(values, Frame.Value.ERROR, p, r);
        case RET -> r.ret = value(values, Frame.Value.RET, p, r);
        case METADATA -> r.metadata = value(values, Frame.Value.METADATA, p, r);
        default -> { }
      }
      p.skipChildren(); // a no-op where a value was read whole
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IOException("payload object not closed");
    }
    r.payloadStart = start;
    r.payloadEnd = (int) p.currentLocation().getCharOffset();
  }

  private static Object value(PayloadValues values, Frame.Value field, JsonParser p, Frame r)
      throws IOException {
    if (values == null) {
      return null;
    }
    return values.read(field, p, r);
  }

  private static void problem(Frame r, String p) {
    if (r.problem == null) {
      r.problem = p;
    }
  }

  private static void nameFieldProblem(Frame r, String p) {
    if (r.nameFieldProblem == null) {
      r.nameFieldProblem = p;
    }
  }

  private static void nameField(Frame r, String field, String value) {
    String before;
    switch (field) {
      case Fields.NAME:
        before = r.name;
        r.name = value;
        break;
      case Fields.GROUP:
        before = r.group;
        r.group = value;
        break;
      default:
        before = r.key;
        r.key = value;
        if (value.length() > MAX_KEY_LENGTH) {
          nameFieldProblem(r, "'key' is longer than " + MAX_KEY_LENGTH + " characters");
        }
    }
    if (before != null) {
      nameFieldProblem(r, "frame has '" + field + "' twice");
    }
  }
}
