package dev.monologue.e2e;

import dev.monologue.MonologueOptions;
import dev.monologue.standin.TlsIdentity;
import java.net.URI;
import javax.net.ssl.SSLContext;

/** A running relay for the foundation suite: the local relay, or the API Gateway stand-in. */
public interface RelayFixture extends AutoCloseable {
  /** Where clients connect. */
  URI endpoint();

  /** Drops one client's connection as if its network went away; false when no such connection is open. */
  boolean disconnect(String connectionId);

  /** How many client connections are open now. */
  int connectionCount();

  /**
   * The API key clients must send, or null when the relay accepts the keys the suite asked for. A deployed relay
   * has its own.
   */
  default String apiKey() {
    return null;
  }

  /**
   * Whether the suite controls this relay: can drop connections, count them, close it and choose its keys. A
   * deployed relay is not controlled, and the tests that need control are skipped.
   */
  default boolean controlled() {
    return true;
  }

  /**
   * What a client must trust to accept this relay's {@code wss://} certificate, or null: a plain {@code ws://}
   * relay, or one whose certificate the JVM's default trust store accepts (a deployed one).
   */
  default TlsIdentity tls() {
    return null;
  }

  /** The TLS context clients trust this relay through, or null for the JVM's default. */
  default SSLContext sslContext() {
    TlsIdentity tls = tls();
    return tls == null ? null : tls.clientContext();
  }

  /** {@code options} with what a client needs to reach this relay besides its endpoint and key: its trust. */
  default MonologueOptions.Builder configure(MonologueOptions.Builder options) {
    SSLContext trust = sslContext();
    return trust == null ? options : options.sslContext(trust);
  }

  /** Stops the relay, closing every connection. Idempotent. */
  @Override
  void close();
}
