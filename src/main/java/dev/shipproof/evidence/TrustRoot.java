package dev.shipproof.evidence;

import dev.sigstore.KeylessVerifier;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A parsed Sigstore {@code trusted_root.json}: the Fulcio CAs, CT logs, Rekor logs and timestamp
 * authorities that evidence must chain to. Immutable and thread-safe; parse it once per root and
 * keep it (two roots with the same bytes are equal, so the value works as a cache key).
 */
public final class TrustRoot {
  private final String sha256;
  private final SigstoreTrustedRoot root;
  private final KeylessVerifier verifier;
  private final FulcioVerifier fulcio;

  private TrustRoot(
      String sha256, SigstoreTrustedRoot root, KeylessVerifier verifier, FulcioVerifier fulcio) {
    this.sha256 = sha256;
    this.root = root;
    this.verifier = verifier;
    this.fulcio = fulcio;
  }

  /**
   * Parses and checks a trusted root.
   *
   * @param json the bytes of a {@code trusted_root.json}
   * @throws TrustRootException when the bytes are not a trusted root or hold unusable keys or
   *     certificates
   */
  public static TrustRoot parse(byte[] json) {
    if (json == null || json.length == 0) {
      throw new TrustRootException("trusted root is empty");
    }
    SigstoreTrustedRoot root;
    try {
      root = SigstoreTrustedRoot.from(new ByteArrayInputStream(json));
    } catch (SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root is not a valid Sigstore trusted_root.json: " + plain(e), e);
    }
    if (root.getCAs().isEmpty()) {
      throw new TrustRootException("trusted root lists no certificate authority");
    }
    if (root.getTLogs().isEmpty()) {
      throw new TrustRootException("trusted root lists no transparency log");
    }
    try {
      var verifier = KeylessVerifier.builder().trustedRootProvider(() -> root).build();
      return new TrustRoot(sha256(json), root, verifier, FulcioVerifier.newFulcioVerifier(root));
    } catch (GeneralSecurityException | SigstoreConfigurationException | RuntimeException e) {
      throw new TrustRootException(
          "trusted root holds a key or certificate that cannot be used: " + plain(e), e);
    }
  }

  /** Hex SHA-256 of the bytes this root was parsed from, for logs and cache keys. */
  public String sha256() {
    return sha256;
  }

  KeylessVerifier keylessVerifier() {
    return verifier;
  }

  FulcioVerifier fulcioVerifier() {
    return fulcio;
  }

  /** The Rekor log with this id whose key was valid at {@code time}, if any. */
  Optional<TransparencyLog> rekorLogValidAt(byte[] logId, Instant time) {
    return root.getTLogs().stream()
        .filter(log -> Arrays.equals(log.getLogId().getKeyId(), logId))
        .filter(log -> log.getPublicKey().getValidFor().contains(time))
        .findFirst();
  }

  private static String plain(Exception e) {
    var message = e.getMessage();
    return message == null || message.isBlank() ? "unreadable content" : message.strip();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustRoot that && sha256.equals(that.sha256);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return "TrustRoot[sha256:" + sha256.substring(0, 12) + "]";
  }
}
