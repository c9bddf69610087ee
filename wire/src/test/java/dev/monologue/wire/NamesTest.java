package dev.monologue.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void noApiGatewayConnectionIdIsEverAName() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 100_000; i++) {
      byte[] gateway = new byte[11];
      random.nextBytes(gateway);
      String gatewayId = Base64.getEncoder().encodeToString(gateway);
      assertFalse(Names.isName(gatewayId), gatewayId);
    }
    assertFalse(Names.isName("abcdefghijklmno="));
  }

  @Test
  void ordinaryNamesAreNames() {
    for (String name : new String[] {"billing", "sensor-17", "eu.billing", "a", "workers_2",
        "billing-service-eu-west", "a.name.of.twenty-two.."}) {
      assertTrue(Names.isName(name), name);
    }
  }

  @Test
  void aNameOfAnyShapeTheGrammarAllowsIsValid() {
    // names travel in their own field: one shaped like a local connection ID (22 characters, no '.') is a name too
    assertNull(Names.problem("abcdefghijklmnopqrstuv", "name"));
    assertNull(Names.problem("billingserviceprimary1", "name"));
    assertTrue(Names.isName("a".repeat(Names.MAX_LENGTH)));
    assertFalse(Names.isName("a".repeat(Names.MAX_LENGTH + 1)));
    assertFalse(Names.isName("@workers"));
  }
}
