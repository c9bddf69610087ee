package dev.monologue.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's TLS from the files an operator has: PEM certificate and key, or a PKCS12 file. */
class TlsFilesTest {
  private static TestTls tls;
  @TempDir
  Path dir;

  @BeforeAll
  static void certificate() throws Exception {
    tls = new TestTls();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private void assertServesWss(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RelayArguments a = RelayArguments.parse(args, env, dir);
    try (LocalRelay relay = RelayMain.start(a, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      assertEquals("wss", relay.endpoint().getScheme());
      try (TestClient c = TestClient.connect(relay.endpoint(), Map.of("x-api-key", "k"), tls.client)) {
        assertEquals(22, c.id().length(), "a client that trusts the certificate gets its ID over TLS");
      }
    }
    assertTrue(!out.toString(StandardCharsets.UTF_8).contains("pw-secret"), "the password is never printed");
  }

  @Test
  void servesWssWithAPemCertificateAndKey() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", tls.certificate.getEncoded()));
    Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", tls.privateKey.getEncoded()));
    assertServesWss(Map.of(), "--port", "0", "--api-key", "k", "--tls-cert", cert.toString(), "--tls-key",
        key.toString());
  }

  @Test
  void servesWssWithAPkcs12File() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("relay", tls.privateKey, "pw-secret".toCharArray(), new X509Certificate[] {tls.certificate});
    Path p12 = dir.resolve("relay.p12");
    try (OutputStream out = Files.newOutputStream(p12)) {
      store.store(out, "pw-secret".toCharArray());
    }
    assertServesWss(Map.of("MONOLOGUE_RELAY_TLS_PASSWORD", "pw-secret"), "--port", "0", "--api-key", "k",
        "--tls-pkcs12", p12.toString());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> RelayMain.builder(
        RelayArguments.parse(new String[] {"--tls-pkcs12", p12.toString(), "--tls-password", "nope"}, Map.of(),
            dir)));
    assertTrue(wrong.getMessage().startsWith("could not read the PKCS12 file " + p12), wrong.getMessage());
    assertTrue(wrong.getMessage().endsWith("check the file and --tls-password"), wrong.getMessage());
  }

  @Test
  void aKeyInAnotherFormatSaysHowToConvertIt() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", tls.certificate.getEncoded()));
    Path key = Files.writeString(dir.resolve("key.pem"), pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsFiles.fromPem(cert, key));
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    Path notPem = Files.writeString(dir.resolve("junk.pem"), "hello");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TlsFiles.fromPem(notPem, key)).getMessage()
        .contains(notPem.toString()));
  }
}
