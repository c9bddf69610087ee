package dev.monologue.micrometer;

import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.NotConnectedException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import dev.monologue.TooManyCallsException;
import java.util.concurrent.CancellationException;

/** How a call ended, as the value of the {@code outcome} tag: a short, fixed set, whatever the remote threw. */
enum CallOutcomeTag {
  SUCCESS("success"),
  REMOTE_ERROR("remote_error"),
  NO_SUCH_METHOD("no_such_method"),
  TIMEOUT("timeout"),
  PEER_GONE("peer_gone"),
  DROPPED("dropped"),
  NOT_CONNECTED("not_connected"),
  REJECTED("rejected"),
  TOO_MANY_CALLS("too_many_calls"),
  TOO_LARGE("too_large"),
  BAD_REPLY("bad_reply"),
  CANCELLED("cancelled"),
  ERROR("error");

  final String value;

  CallOutcomeTag(String value) {
    this.value = value;
  }

  static CallOutcomeTag of(Throwable failure) {
    if (failure == null) {
      return SUCCESS;
    }
    Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (f instanceof RemoteFailureException) {
      return REMOTE_ERROR;
    } else if (f instanceof NoSuchRemoteMethodException) {
      return NO_SUCH_METHOD;
    } else if (f instanceof CallTimeoutException) {
      return TIMEOUT;
    } else if (f instanceof PeerGoneException) {
      return PEER_GONE;
    } else if (f instanceof ConnectionDroppedException) {
      return DROPPED;
    } else if (f instanceof NotConnectedException) {
      return NOT_CONNECTED;
    } else if (f instanceof RelayRejectedException) {
      return REJECTED;
    } else if (f instanceof TooManyCallsException) {
      return TOO_MANY_CALLS;
    } else if (f instanceof MessageTooLargeException) {
      return TOO_LARGE;
    } else if (f instanceof ReplyDecodingException) {
      return BAD_REPLY;
    } else if (f instanceof CancellationException) {
      return CANCELLED;
    }
    return ERROR;
  }
}
