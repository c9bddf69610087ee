package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The stand-in serves wss:// only: with a certificate it makes at start, or the one it is given. */
class StandInTlsTest {
  @Test
  void itMakesACertificateForLocalhostSignedByAnAuthorityItHandsOut() throws Exception {
    try (AwsStandIn aws = AwsStandIn.builder().start()) {
      assertEquals("wss", aws.endpoint().getScheme());
      X509Certificate server = aws.tls().certificate();
      X509Certificate ca = aws.tls().trustAnchor();
      server.verify(ca.getPublicKey()); // signed by the authority clients trust
      assertTrue(ca.getBasicConstraints() >= 0, "the trust anchor is a CA");
      assertEquals(-1, server.getBasicConstraints(), "the server's certificate is not");
      List<String> names = server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
      assertTrue(names.containsAll(List.of("localhost", "127.0.0.1")), names.toString());
      X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(aws.tls().caPem().getBytes(StandardCharsets.US_ASCII)));
      assertEquals(ca, fromPem);
      try (TestClient c = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
        assertTrue(c.id().endsWith("="));
      }
      // Another stand-in's authority does not vouch for this one.
      TlsIdentity stranger = TlsIdentity.generate("localhost", "127.0.0.1");
      assertThrows(AssertionError.class,
          () -> TestClient.connect(aws.endpoint(), Map.of(), stranger.clientContext()).close());
    }
  }

  @Test
  void itServesTheKeyAndCertificateItIsGiven() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=given");
    Instant now = Instant.now();
    X509Certificate own = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
        BigInteger.TEN, Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
        keys.getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("mine", keys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {own});
    TlsIdentity given = TlsIdentity.of(store, "pw".toCharArray());
    assertEquals(own, given.trustAnchor(), "a self-signed certificate is its own anchor");
    try (AwsStandIn aws = AwsStandIn.builder().tls(given).start()) {
      assertEquals(own, aws.tls().certificate());
      try (TestClient c = TestClient.connect(aws.endpoint(), Map.of(), given.clientContext())) {
        assertFalse(c.id().isEmpty());
      }
    }
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    assertThrows(IllegalArgumentException.class, () -> TlsIdentity.of(empty, new char[0]));
  }
}
