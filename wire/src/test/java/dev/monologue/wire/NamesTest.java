package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void noConnectionIdOfEitherRelayIsEverAName() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 100_000; i++) {
      byte[] local = new byte[16];
      random.nextBytes(local);
      String localId = Base64.getUrlEncoder().withoutPadding().encodeToString(local);
      byte[] gateway = new byte[11];
      random.nextBytes(gateway);
      String gatewayId = Base64.getEncoder().encodeToString(gateway);
      assertTrue(Names.looksLikeConnectionId(localId), localId);
      assertFalse(Names.isName(localId), localId);
      assertFalse(Names.isName(gatewayId), gatewayId);
    }
    // the shapes that would slip through by chance, written out
    assertFalse(Names.isName("abcdefghijklmnopqrstuv"));
    assertFalse(Names.isName("abcdefghijklmno="));
  }

  @Test
  void ordinaryNamesAreNames() {
    for (String name : new String[] {"billing", "sensor-17", "eu.billing", "a", "workers_2",
        "billing-service-eu-west", "a.name.of.twenty-two.."}) {
      assertTrue(Names.isName(name), name);
    }
  }
}
