package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerSecretTest {
  @TempDir
  Path home;

  @Test
  void aMadeSecretIsPrivateAndTheSameOnEveryStart() throws Exception {
    Path file = home.resolve(".monologue").resolve("owner-secret");
    String first = new OwnerSecret(null, file).get();
    assertTrue(first.length() >= 40, first.length() + " characters");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals(first, new OwnerSecret(null, file).get(), "a restart reads the same secret");
    assertEquals(List.of(file), Files.list(file.getParent()).toList(), "no temporary file is left");
    assertFalse(first.equals(new OwnerSecret(null, home.resolve("other")).get()), "another file, another owner");
  }

  @Test
  void aGivenSecretWinsAndNoFileIsMade() {
    Path file = home.resolve("owner-secret");
    assertEquals("given-secret-0123456789", new OwnerSecret("given-secret-0123456789", file).get());
    assertFalse(Files.exists(file));
  }

  @Test
  void processesStartingTogetherAgreeOnOneSecret() throws Exception {
    Path file = home.resolve("d").resolve("owner-secret");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> secrets = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        secrets.add(pool.submit(() -> {
          go.await();
          return new OwnerSecret(null, file).get();
        }));
      }
      go.countDown();
      String one = secrets.get(0).get(30, TimeUnit.SECONDS);
      for (Future<String> f : secrets) {
        assertEquals(one, f.get(30, TimeUnit.SECONDS));
      }
      assertEquals(one, Files.readString(file).strip());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBrokenSecretFileFailsClearlyWithoutQuotingIt() throws Exception {
    Path file = home.resolve("owner-secret");
    Files.writeString(file, "short-one\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OwnerSecret(null, file).get());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("ownerSecret"), e.getMessage());
    assertFalse(e.getMessage().contains("short-one"), e.getMessage());
  }
}
