package dev.shipproof.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key id shared by the keyed verifier and the policy: {@code sha256:<hex>} of a public key's
 * DER {@code SubjectPublicKeyInfo}. The verifier puts the id of the key that verified a claim in
 * {@link Claim.Signer#keyHint()}; the policy accepts a {@code key} signer whose key has that id.
 * Computed from the key itself, so the same key read from a Secret, a file or inline PEM has one
 * id.
 */
public final class KeyIds {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  private KeyIds() {}

  /** The id of a DER {@code SubjectPublicKeyInfo} (what {@code PublicKey.getEncoded()} gives). */
  public static String ofSubjectPublicKeyInfo(byte[] der) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The id of the first {@code PUBLIC KEY} block of a PEM text.
   *
   * @throws IllegalArgumentException when the text holds no readable {@code PUBLIC KEY} block
   */
  public static String ofPem(String pem) {
    var m = PEM.matcher(pem == null ? "" : pem);
    if (!m.find()) {
      throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block");
    }
    var body = m.group(1).replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PUBLIC KEY block is not base64", e);
    }
    return ofSubjectPublicKeyInfo(der);
  }
}
