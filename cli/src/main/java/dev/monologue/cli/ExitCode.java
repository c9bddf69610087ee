package dev.monologue.cli;

import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectFailedException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.MessageTooLargeException;
import dev.monologue.NameTakenException;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.NotConnectedException;
import dev.monologue.PeerGoneException;
import dev.monologue.RelayRejectedException;
import dev.monologue.RemoteFailureException;
import dev.monologue.ReplyDecodingException;
import dev.monologue.TooManyCallsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/** What the {@code monologue} command's exit status says failed: the one table, shown by {@code --help}. */
enum ExitCode {
  OK(0, "success"),
  REMOTE_ERROR(1, "the remote method failed (its error code, type and message are on stderr)"),
  USAGE(2, "usage: a bad command line, or an argument that is not JSON"),
  CONFIGURATION(3, "configuration: no endpoint, or a bad value in the environment or .monologuerc"),
  CANNOT_CONNECT(4, "cannot connect: the relay is unreachable or refused the handshake (API key)"),
  TIMEOUT(5, "no answer within the timeout"),
  NO_SUCH_METHOD(6, "the peer serves no method of that name"),
  PEER_GONE(7, "no such peer: the ID or name is not connected, or went away"),
  DROPPED(8, "the connection to the relay dropped during the command"),
  REJECTED(9, "the relay refused: too large, throttled, no members, name taken"),
  FAILED(10, "any other failure");

  final int code;
  final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The exit code of a command that failed with {@code failure}. */
  static ExitCode of(Throwable failure) {
    Throwable f = failure;
    while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
      f = f.getCause();
    }
    if (f instanceof CommandLine.ParameterException) {
      return USAGE;
    } else if (f instanceof RemoteFailureException || f instanceof ReplyDecodingException) {
      return REMOTE_ERROR;
    } else if (f instanceof ConnectFailedException || f instanceof NotConnectedException) {
      return CANNOT_CONNECT;
    } else if (f instanceof CallTimeoutException) {
      return TIMEOUT;
    } else if (f instanceof NoSuchRemoteMethodException) {
      return NO_SUCH_METHOD;
    } else if (f instanceof PeerGoneException) {
      return PEER_GONE;
    } else if (f instanceof ConnectionDroppedException) {
      return DROPPED;
    } else if (f instanceof RelayRejectedException || f instanceof MessageTooLargeException
        || f instanceof TooManyCallsException || f instanceof NameTakenException) {
      return REJECTED;
    } else if (f instanceof ConfigurationException) {
      return CONFIGURATION;
    }
    return FAILED;
  }

  /** The table for the help text: code, then meaning. */
  static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      table.put(Integer.toString(c.code), c.meaning);
    }
    return table;
  }
}
