package dev.monologue.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The relay's TLS context from files an operator has: a PEM certificate chain and its PEM private key (PKCS#8, as
 * Let's Encrypt and {@code openssl req -newkey} write it), or a PKCS12 key store. JDK only. Each failure says which
 * file and what to do.
 */
final class TlsFiles {
  private static final String PKCS8 = "PRIVATE KEY";
  /** Algorithms a PKCS#8 key may be for, tried in turn: the encoding does not say which without parsing ASN.1. */
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

  private TlsFiles() {}

  /** A server context with the chain in {@code certificateFile} and the key in {@code keyFile}. */
  static SSLContext fromPem(Path certificateFile, Path keyFile) {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(certificateFile)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("could not read the certificate chain in " + certificateFile + ": "
          + e.getMessage() + "; it must be PEM (-----BEGIN CERTIFICATE-----)", e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(certificateFile + " holds no certificate; it must be PEM"
          + " (-----BEGIN CERTIFICATE-----)");
    }
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("relay", key, new char[0], chain.toArray(new Certificate[0]));
      return context(store, new char[0]);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the key in " + keyFile + " does not go with the certificate in "
          + certificateFile + ": " + e.getMessage(), e);
    }
  }

  /** A server context with the key and chain of the PKCS12 file; {@code password} may be null for none. */
  static SSLContext fromPkcs12(Path file, String password) {
    char[] pass = password == null ? new char[0] : password.toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, pass);
      return context(store, pass);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("could not read the PKCS12 file " + file + ": " + e.getMessage()
          + "; check the file and --tls-password", e);
    }
  }

  private static SSLContext context(KeyStore store, char[] password) throws GeneralSecurityException {
    KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    km.init(store, password);
    if (km.getKeyManagers().length == 0) {
      throw new GeneralSecurityException("no private key in it");
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(km.getKeyManagers(), null, null);
    return context;
  }

  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read the private key " + file + ": " + e.getMessage(), e);
    }
    String begin = "-----BEGIN " + PKCS8 + "-----";
    int start = text.indexOf(begin);
    int end = text.indexOf("-----END " + PKCS8 + "-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
          + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the key's base64 is broken: " + e.getMessage(), e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException(file + ": the key is not an RSA, EC or EdDSA PKCS#8 key this JVM reads");
  }
}
