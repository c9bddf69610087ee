package dev.monologue.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A server's TLS key and certificate chain, with the certificate a client must trust to accept it: what the
 * stand-in serves {@code wss://} with. {@link #generate} makes a private certificate authority and a server
 * certificate it signs (the stand-in does this at start, in milliseconds); {@link #of} takes one from a key store.
 * Clients trust it through {@link #clientContext()}, {@link #trustStore()}, or the CA's PEM ({@link #caPem()},
 * for Node's {@code NODE_EXTRA_CA_CERTS} and other tools).
 */
public final class TlsIdentity {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
  /** How long a generated certificate is valid: long enough for a stand-in left running, short enough to expire. */
  static final Duration VALIDITY = Duration.ofDays(30);
  private static final String KEY_ALIAS = "server";

  private final PrivateKey key;
  private final X509Certificate[] chain;
  private final X509Certificate trustAnchor;

  private TlsIdentity(PrivateKey key, X509Certificate[] chain, X509Certificate trustAnchor) {
    this.key = key;
    this.chain = chain.clone();
    this.trustAnchor = trustAnchor;
  }

  /**
   * A new certificate authority, and a server certificate it signs for {@code hosts} (names and IP literals, the
   * first also its common name), valid from an hour ago for 30 days. Keys are EC P-256.
   */
  public static TlsIdentity generate(String... hosts) {
    if (hosts.length == 0) {
      throw new IllegalArgumentException("name at least one host the certificate is for, such as localhost");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair serverKeys = generator.generateKeyPair();
      SecureRandom random = new SecureRandom();
      Instant now = Instant.now();
      Date notBefore = Date.from(now.minus(Duration.ofHours(1))); // a clock a little behind still accepts it
      Date notAfter = Date.from(now.plus(VALIDITY));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      X500Name caName = new X500Name("CN=Monologue stand-in CA " + Long.toHexString(random.nextLong()));
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, new BigInteger(64, random).abs(),
          notBefore, notAfter, caName, caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

      List<GeneralName> names = new ArrayList<>();
      for (String host : hosts) {
        Objects.requireNonNull(host, "host == null");
        names.add(IP_LITERAL.matcher(host).matches()
            ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
            : new GeneralName(GeneralName.dNSName, host));
      }
      X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate,
          new BigInteger(64, random).abs(), notBefore, notAfter, new X500Name("CN=" + hosts[0]),
          serverKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(names.toArray(GeneralName[]::new)))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate serverCertificate = sign(server, caKeys.getPrivate());
      return new TlsIdentity(serverKeys.getPrivate(), new X509Certificate[] {serverCertificate, caCertificate},
          caCertificate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not make the stand-in's TLS certificate: " + e, e);
    }
  }

  /**
   * The key and certificate chain of the one key entry in {@code keyStore} (opened with {@code password}); clients
   * are to trust the chain's last certificate (its root, or the certificate itself when self-signed).
   */
  public static TlsIdentity of(KeyStore keyStore, char[] password) {
    Objects.requireNonNull(keyStore, "keyStore == null");
    Objects.requireNonNull(password, "password == null");
    try {
      for (String alias : Collections.list(keyStore.aliases())) {
        if (keyStore.isKeyEntry(alias)) {
          Certificate[] chain = keyStore.getCertificateChain(alias);
          X509Certificate[] x509 = new X509Certificate[chain.length];
          for (int i = 0; i < chain.length; i++) {
            x509[i] = (X509Certificate) chain[i];
          }
          return new TlsIdentity((PrivateKey) keyStore.getKey(alias, password), x509, x509[x509.length - 1]);
        }
      }
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("could not read a key and X.509 chain from the key store: " + e, e);
    }
    throw new IllegalArgumentException("the key store holds no private key entry");
  }

  /** The server's certificate (first in its chain). */
  public X509Certificate certificate() {
    return chain[0];
  }

  /** The certificate a client must trust: the certificate authority that signed the server's certificate. */
  public X509Certificate trustAnchor() {
    return trustAnchor;
  }

  /** A TLS context that serves with this key and chain, for a server (the stand-in's relay). */
  public SSLContext serverContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry(KEY_ALIAS, key, password, chain);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make a server TLS context: " + e, e);
    }
  }

  /** A key store holding only {@link #trustAnchor()}, for {@code TrustManagerFactory} or {@code javax.net.ssl.trustStore}. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("monologue-stand-in-ca", trustAnchor);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make a trust store: " + e, e);
    }
  }

  /**
   * A client TLS context that trusts {@link #trustAnchor()} and nothing else: give it to
   * {@code MonologueOptions.Builder.sslContext}.
   */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not make a client TLS context: " + e, e);
    }
  }

  /** {@link #trustAnchor()} in PEM, as {@code NODE_EXTRA_CA_CERTS}, curl's {@code --cacert} and others read it. */
  public String caPem() {
    try {
      return pem("CERTIFICATE", trustAnchor.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encode the certificate: " + e, e);
    }
  }

  /** Writes {@link #caPem()} to {@code file} (replaced if it exists) and returns it. */
  public Path writeCaPem(Path file) {
    try {
      return Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the CA certificate to " + file, e);
    }
  }

  /**
   * Writes {@link #trustStore()} as PKCS#12 to {@code file}, for a JVM started with
   * {@code -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=PASSWORD}; returns the file.
   */
  public Path writeTrustStore(Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password);
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not write the trust store to " + file + ": " + e, e);
    }
  }

  /**
   * Writes the server's certificate chain to {@code certificateFile} and its private key (unencrypted PKCS#8, readable
   * by its owner only where the file system allows) to {@code keyFile}, both PEM, as {@code openssl req -newkey}
   * writes them and the relay's {@code --tls-cert} and {@code --tls-key} read them. Files that exist are replaced.
   */
  public void writePem(Path certificateFile, Path keyFile) {
    Objects.requireNonNull(certificateFile, "certificateFile == null");
    Objects.requireNonNull(keyFile, "keyFile == null");
    StringBuilder certificates = new StringBuilder();
    try {
      for (X509Certificate certificate : chain) {
        certificates.append(pem("CERTIFICATE", certificate.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encode the certificate chain: " + e, e);
    }
    try {
      Files.writeString(certificateFile, certificates, StandardCharsets.US_ASCII);
      Files.deleteIfExists(keyFile);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the PEM files " + certificateFile + " and " + keyFile, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }
}
