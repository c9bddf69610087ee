package dev.monologue.relay.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.monologue.relay.core.ConnectionIds;
import dev.monologue.wire.Names;
import java.io.IOException;

/**
 * The body of one ingress queue message, {@code {"to":T,"payload":P}}: the target and where the payload's JSON
 * text sits in the body, so it is delivered byte for byte without being parsed and rebuilt.
 */
record QueueMessage(String to, String body, int payloadStart, int payloadEnd) {

  /** Thrown for a body that can never be delivered, whatever the retries. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  static QueueMessage parse(JsonFactory json, String body) throws MalformedException {
    if (body == null || body.isBlank()) {
      throw new MalformedException("body is empty; expected {\"to\":<connection ID>,\"payload\":{...}}");
    }
    String to = null;
    int start = -1;
    int end = -1;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedException("body is not a JSON object; expected {\"to\":<connection ID>,\"payload\":{...}}");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("to".equals(name)) {
          if (to != null || value != JsonToken.VALUE_STRING || p.getText().isEmpty()) {
            throw new MalformedException("'to' must appear once, as a non-empty connection ID string");
          }
          to = p.getText();
        } else if ("name".equals(name)) {
          throw new MalformedException("body has 'name': queue messages go to connection IDs only, in 'to' (the"
              + " queue does not resolve names); send to a name over a WebSocket connection");
        } else if ("payload".equals(name)) {
          if (start >= 0 || value != JsonToken.START_OBJECT) {
            throw new MalformedException("'payload' must appear once, as a JSON object");
          }
          start = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          end = (int) p.currentLocation().getCharOffset();
        } else {
          p.skipChildren(); // other fields are ignored, as the relay ignores them in client frames
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new MalformedException("body is not exactly one JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new MalformedException("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedException("body could not be read as JSON: " + e);
    }
    if (to == null) {
      throw new MalformedException("body has no 'to'; set it to the target's connection ID");
    }
    String notAnId = ConnectionIds.problem(to);
    if (notAnId != null) {
      throw new MalformedException(notAnId);
    }
    if (Names.isName(to)) { // API Gateway's IDs end in '=': no valid name is one
      throw new MalformedException("'to' is the name '" + to + "': queue messages go to connection IDs only (the"
          + " queue does not resolve names); send to a name over a WebSocket connection");
    }
    if (start < 0) {
      throw new MalformedException("body has no 'payload' object");
    }
    return new QueueMessage(to, body, start, end);
  }
}
