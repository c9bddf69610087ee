package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsIdentity#writePem}: the files an operator hands the relay's {@code --tls-cert} and {@code --tls-key}. */
class TlsIdentityPemTest {
  @TempDir
  Path dir;

  @Test
  void writesTheChainAndAPrivatePkcs8KeyThatSignsForTheCertificate() throws Exception {
    TlsIdentity identity = TlsIdentity.generate("localhost");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(key, "an old key, replaced");
    identity.writePem(cert, key);

    List<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(cert)) {
      chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
    assertEquals(List.of(identity.certificate(), identity.trustAnchor()), chain);

    String text = Files.readString(key, StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----\n"), text);
    assertTrue(text.endsWith("-----END PRIVATE KEY-----\n"), text);
    byte[] der = Base64.getMimeDecoder().decode(text.substring("-----BEGIN PRIVATE KEY-----".length(),
        text.indexOf("-----END")));
    PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(identity.certificate().getPublicKey());
    verifier.update(data);
    assertTrue(verifier.verify(signature), "the key in key.pem is the certificate's");

    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
  }
}
