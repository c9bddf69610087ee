package dev.monologue.e2e.typed;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.relay.LocalRelay;
import java.net.URI;
import java.util.Set;

/** The typed suite against {@link LocalRelay}. */
class LocalRelayTypedTest extends AbstractTypedSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    LocalRelay relay = LocalRelay.builder().host("127.0.0.1").port(0).apiKeys(apiKeys).build();
    relay.start();
    return new RelayFixture() {
      @Override
      public URI endpoint() {
        return relay.endpoint();
      }

      @Override
      public boolean disconnect(String connectionId) {
        return relay.disconnect(connectionId);
      }

      @Override
      public int connectionCount() {
        return relay.connectionCount();
      }

      @Override
      public void close() {
        relay.close();
      }
    };
  }
}
