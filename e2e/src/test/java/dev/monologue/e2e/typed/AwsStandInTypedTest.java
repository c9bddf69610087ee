package dev.monologue.e2e.typed;

import dev.monologue.e2e.RelayFixture;
import dev.monologue.relay.aws.AwsStandIn;
import java.net.URI;
import java.util.Set;

/** The typed suite against the real Lambda handler behind the API Gateway stand-in. */
class AwsStandInTypedTest extends AbstractTypedSuite {

  @Override
  protected RelayFixture startRelay(Set<String> apiKeys) {
    AwsStandIn standIn = AwsStandIn.builder().apiKeys(apiKeys).start();
    return new RelayFixture() {
      @Override
      public URI endpoint() {
        return standIn.endpoint();
      }

      @Override
      public boolean disconnect(String connectionId) {
        return standIn.disconnect(connectionId);
      }

      @Override
      public int connectionCount() {
        return standIn.connectionCount();
      }

      @Override
      public void close() {
        standIn.close();
      }
    };
  }
}
