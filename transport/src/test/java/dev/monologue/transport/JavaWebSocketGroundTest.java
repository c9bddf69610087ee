package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monologue.testsupport.JavaWebSocketGround;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** This module uses Java-WebSocket through its public and protected extension points only. */
class JavaWebSocketGroundTest {
  @Test
  void mainSourcesStayOnJavaWebSocketsPublicGround() throws IOException {
    assertEquals(List.of(), JavaWebSocketGround.violations(Path.of("src/main/java")));
  }
}
