package dev.monologue.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that makes this machine the owner of the names it claims (docs/protocol.md, {@code key}): the one in
 * the options, else the one kept in a file, made on first use (32 random bytes, base64url, the file readable by its
 * owner only) and read again on every start, so a restarted machine gets its names back at once. Read once, on the
 * first claim; never logged.
 */
final class OwnerSecret implements Supplier<String> {
  private static final Logger log = LoggerFactory.getLogger(OwnerSecret.class);
  private static final int RANDOM_BYTES = 32;

  private final String given;
  private final Path file;
  private volatile String secret;

  /** {@code given} when not null, else the secret kept in {@code file}. */
  OwnerSecret(String given, Path file) {
    this.given = given;
    this.file = given != null ? null : Objects.requireNonNull(file, "file == null");
  }

  /** Where a client keeps its owner secret when the options name no file: {@code ~/.monologue/owner-secret}. */
  static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".monologue", "owner-secret");
  }

  /**
   * The secret.
   *
   * @throws IllegalStateException naming the file and the fix when it cannot be read or made
   */
  @Override
  public String get() {
    String s = secret;
    if (s == null) {
      synchronized (this) {
        s = secret;
        if (s == null) {
          s = given != null ? given : readOrMake();
          secret = s;
        }
      }
    }
    return s;
  }

  private String readOrMake() {
    try {
      if (!Files.exists(file)) {
        make();
      }
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (s.length() < dev.monologue.wire.Limits.MIN_OWNER_SECRET_CHARS
          || s.length() > dev.monologue.wire.Limits.MAX_OWNER_SECRET_CHARS) {
        throw new IllegalStateException("The owner secret in " + file + " is " + s.length() + " characters; it"
            + " must be " + dev.monologue.wire.Limits.MIN_OWNER_SECRET_CHARS + " to "
            + dev.monologue.wire.Limits.MAX_OWNER_SECRET_CHARS + ". Delete the file to have a new one made (this"
            + " machine then owns its names anew), or set MonologueOptions.ownerSecret.");
      }
      return s;
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("Could not read or make this machine's owner secret in " + file + ": " + e
          + ". Make the directory writable, or set MonologueOptions.ownerSecret / ownerSecretFile (or"
          + " MONOLOGUE_OWNER_SECRET).", e);
    }
  }

  /** Writes a new secret to a private temporary file, then moves it in place unless another process was first. */
  private void make() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
            "rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String s = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp = posix
        ? Files.createTempFile(dir, ".owner-secret", ".tmp", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".owner-secret", ".tmp");
    try {
      Files.writeString(tmp, s + "\n", StandardCharsets.UTF_8);
      try {
        try {
          Files.createLink(file, tmp); // atomic, and never replaces a secret another process made meanwhile
        } catch (UnsupportedOperationException e) {
          Files.move(tmp, file); // no hard links here: still never replaces one
        }
        log.info("Made this machine's owner secret in {} (keep it: a machine with it owns its names)", file);
      } catch (FileAlreadyExistsException e) {
        // another process made it first: its secret is read and used
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
