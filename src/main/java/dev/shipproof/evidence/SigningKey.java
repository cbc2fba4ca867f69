package dev.shipproof.evidence;

import dev.shipproof.model.PublicKeyPem;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A public key that a policy trusts for keyed signatures: ECDSA P-256 or P-384, Ed25519, or RSA of
 * at least 2048 bits.
 *
 * @param id hex SHA-256 of the key's DER SubjectPublicKeyInfo; the key id a verified claim's signer
 *     carries ({@link dev.shipproof.model.Claim.Signer#keyHint()})
 * @param key the parsed key
 */
public record SigningKey(String id, PublicKey key) {
  private static final int MIN_RSA_BITS = 2048;
  private static final String P256 = "1.2.840.10045.3.1.7";
  private static final String P384 = "1.3.132.0.34";

  /**
   * Parses a PEM public key ({@code PUBLIC KEY} or {@code RSA PUBLIC KEY}).
   *
   * @throws IllegalArgumentException with a plain sentence when the text is not a supported public
   *     key
   */
  public static SigningKey fromPem(String pem) {
    var der = PublicKeyPem.subjectPublicKeyInfo(pem);
    var algorithm = algorithmOid(der);
    var key =
        switch (algorithm) {
          case "1.2.840.10045.2.1" -> ec(der);
          case "1.3.101.112" -> decode("Ed25519", der);
          case "1.2.840.113549.1.1.1" -> rsa(der);
          default ->
              throw new IllegalArgumentException(
                  "the public key's algorithm ("
                      + algorithm
                      + ") is not supported; use ECDSA P-256/P-384, Ed25519 or RSA");
        };
    return new SigningKey(PublicKeyPem.keyId(der), key);
  }

  /** The first characters of the key id, for messages. */
  public String shortId() {
    return PublicKeyPem.shortId(id);
  }

  /** Whether {@code encoded} (DER SubjectPublicKeyInfo) is this key. */
  boolean sameAs(byte[] encoded) {
    return Arrays.equals(key.getEncoded(), encoded);
  }

  /** Key type for messages, e.g. {@code ECDSA P-256}. */
  String describe() {
    if (key instanceof ECPublicKey ec) {
      return "ECDSA P-" + ec.getParams().getCurve().getField().getFieldSize();
    }
    if (key instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    return key.getAlgorithm();
  }

  @Override
  public String toString() {
    return "SigningKey[" + describe() + " " + shortId() + "]";
  }

  private static String algorithmOid(byte[] der) {
    try {
      return SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm().getId();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the PEM block is not a DER SubjectPublicKeyInfo");
    }
  }

  private static PublicKey ec(byte[] der) {
    var parameters = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getParameters();
    var curve = parameters == null ? "none" : parameters.toString();
    if (!P256.equals(curve) && !P384.equals(curve)) {
      throw new IllegalArgumentException(
          "the ECDSA key's curve (" + curve + ") is not supported; use P-256 or P-384");
    }
    return decode("EC", der);
  }

  private static PublicKey rsa(byte[] der) {
    var key = (RSAPublicKey) decode("RSA", der);
    if (key.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(
          "the RSA key has "
              + key.getModulus().bitLength()
              + " bits; at least "
              + MIN_RSA_BITS
              + " are required");
    }
    return key;
  }

  private static PublicKey decode(String algorithm, byte[] der) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the " + algorithm.toLowerCase(Locale.ROOT) + " public key cannot be read");
    }
  }
}
