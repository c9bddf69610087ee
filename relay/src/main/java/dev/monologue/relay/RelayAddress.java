package dev.monologue.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the address a relay listens on means to clients: how they reach it, and whether API keys would leak. */
final class RelayAddress {
  private RelayAddress() {}

  /**
   * The warning for API keys that would travel in clear text to an address other hosts reach, or null: keys are set,
   * there is no TLS, and {@code host} is not a loopback address.
   */
  static String cleartextKeysWarning(String host, boolean apiKeys, boolean tls) {
    if (!apiKeys || tls) {
      return null;
    }
    try {
      if (InetAddress.getByName(host).isLoopbackAddress()) {
        return null;
      }
    } catch (UnknownHostException e) {
      // unresolvable: warn, it is not known to be loopback
    }
    return "API keys travel in clear text: the relay listens on " + host + ", reachable from other machines,"
        + " without TLS. Serve wss:// (--tls-cert and --tls-key, or --tls-pkcs12) or put a TLS proxy in front.";
  }

  /** The host as it goes in an endpoint URI: loopback for a wildcard bind, brackets around an IPv6 literal. */
  static String uriHost(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        return "127.0.0.1"; // bound to every interface: this machine reaches it on loopback
      }
    } catch (UnknownHostException e) {
      // fall through: the host was bound, so this hardly happens; keep it as given
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
