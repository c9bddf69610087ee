package dev.monologue.transport;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Why a handshake with the relay failed, in words a user can act on. */
final class HandshakeRefusal {
  private static final Pattern HTTP_STATUS = Pattern.compile("status code received: (\\d{3})");

  private HandshakeRefusal() {}

  /**
   * The reason for a connection that closed before it was identified: the socket's close {@code code} and
   * {@code reason}, its last {@code error} (may be null), and whether an API key was sent.
   */
  static String describe(int code, String reason, Exception error, boolean apiKeySent) {
    String text = (reason == null ? "" : reason) + " " + (error == null ? "" : String.valueOf(error.getMessage()));
    Matcher m = HTTP_STATUS.matcher(text);
    if (m.find()) {
      int status = Integer.parseInt(m.group(1));
      if (status == 401 || status == 403) {
        return !apiKeySent
            ? "the relay requires an API key (HTTP " + status + "); set MonologueOptions.apiKey or MONOLOGUE_API_KEY"
            : "relay refused the API key (HTTP " + status + "); check MonologueOptions.apiKey or MONOLOGUE_API_KEY";
      }
      if (status == 429) {
        return "the relay refused the WebSocket handshake with HTTP 429 (Too Many Requests): more machines connect"
            + " a second than it accepts (on AWS, the account's limit of new WebSocket connections a second, 500 a"
            + " region by default); connect again after a pause, spread the connects of many machines over time, or"
            + " ask AWS to raise the quota";
      }
      return "the relay refused the WebSocket handshake (HTTP " + status + ")";
    }
    String tls = describeTls(error);
    if (tls != null) {
      return tls;
    }
    if (error instanceof ConnectException || error instanceof UnknownHostException) {
      return "the relay is unreachable (" + error.getMessage() + "); check the endpoint and that the relay runs";
    }
    if (error != null) {
      return "the connection failed: " + error;
    }
    return "the connection closed before the relay said who we are (code " + code + ", " + reason + ")";
  }

  /** What went wrong in a TLS handshake, or null if {@code error} is not a TLS failure. */
  private static String describeTls(Exception error) {
    Throwable tls = error;
    while (tls != null && !(tls instanceof SSLException)) {
      tls = tls.getCause();
    }
    if (tls == null) {
      return null;
    }
    for (Throwable t = tls; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the relay's TLS certificate is not trusted (" + t.getMessage() + "); set MonologueOptions.sslContext"
            + " to a context that trusts its certificate authority (for the AWS stand-in: AwsStandIn.tls()"
            + ".clientContext()), or add that authority to the JVM's trust store";
      }
      // The JDK's host name check: "No subject alternative DNS name matching ...", "No name matching ...".
      if (t instanceof CertificateException && t.getMessage() != null
          && (t.getMessage().startsWith("No subject alternative") || t.getMessage().startsWith("No name matching"))) {
        return "the relay's TLS certificate does not match the host name (" + t.getMessage() + "); connect to a"
            + " host name the certificate is issued for, or have the relay serve a certificate for this host";
      }
    }
    return "the TLS handshake with the relay failed: " + tls.getMessage();
  }
}
