package dev.monologue.relay.aws;

import com.fasterxml.jackson.core.JsonFactory;
import dev.monologue.relay.core.ConnectionIds;
import dev.monologue.wire.Frame;
import dev.monologue.wire.FrameReader;
import dev.monologue.wire.Names;

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
    // the relay's own reader: other fields are ignored, as the relay ignores them in client frames
    Frame f = new FrameReader(json).read(body);
    if (f.problem() != null) {
      throw new MalformedException("body is not one {\"to\":<connection ID>,\"payload\":{...}} object: "
          + f.problem());
    }
    if (f.toProblem() != null) {
      throw new MalformedException(f.toProblem());
    }
    if (f.name() != null) {
      throw new MalformedException("body has 'name': queue messages go to connection IDs only, in 'to' (the"
          + " queue does not resolve names); send to a name over a WebSocket connection");
    }
    String to = f.to();
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
    if (!f.hasPayload()) {
      throw new MalformedException("body has no 'payload' object");
    }
    return new QueueMessage(to, body, f.payloadStart(), f.payloadEnd());
  }
}
