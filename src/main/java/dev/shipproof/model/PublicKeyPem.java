package dev.shipproof.model;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Reads a PEM public key down to its DER SubjectPublicKeyInfo and names it by key id: the hex
 * SHA-256 of that DER. Plain JDK, so the pure policy code and the verifier compute the same id from
 * the same text. Accepts {@code PUBLIC KEY} (SubjectPublicKeyInfo, what cosign writes) and {@code
 * RSA PUBLIC KEY} (PKCS#1), which is wrapped into a SubjectPublicKeyInfo.
 */
public final class PublicKeyPem {
  /** How many hex characters of a key id are shown to people. */
  public static final int SHORT_ID_LENGTH = 12;

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----",
          Pattern.DOTALL);

  /** AlgorithmIdentifier for rsaEncryption with NULL parameters, DER. */
  private static final byte[] RSA_ALGORITHM =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  private PublicKeyPem() {}

  /**
   * The DER SubjectPublicKeyInfo of the single public key in {@code pem}.
   *
   * @throws IllegalArgumentException with a plain sentence when the text holds no single PEM public
   *     key
   */
  public static byte[] subjectPublicKeyInfo(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("the PEM text is empty");
    }
    var matcher = BLOCK.matcher(pem);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no PEM block (-----BEGIN PUBLIC KEY-----) found");
    }
    var label = matcher.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block's body is not base64");
    }
    if (matcher.find()) {
      throw new IllegalArgumentException("the PEM text holds more than one block; give one key");
    }
    if (der.length == 0) {
      throw new IllegalArgumentException("the PEM block is empty");
    }
    return switch (label) {
      case "PUBLIC KEY" -> der;
      case "RSA PUBLIC KEY" -> wrapPkcs1(der);
      default ->
          throw new IllegalArgumentException(
              "the PEM block is a \"" + label + "\", not a PUBLIC KEY (give the public key only)");
    };
  }

  /** The key id of a PEM public key: hex SHA-256 of its SubjectPublicKeyInfo DER. */
  public static String keyId(String pem) {
    return keyId(subjectPublicKeyInfo(pem));
  }

  /** The key id of a DER SubjectPublicKeyInfo. */
  public static String keyId(byte[] subjectPublicKeyInfo) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The first {@value #SHORT_ID_LENGTH} characters of a key id, for messages. */
  public static String shortId(String keyId) {
    return keyId == null || keyId.length() <= SHORT_ID_LENGTH
        ? keyId
        : keyId.substring(0, SHORT_ID_LENGTH);
  }

  /** SEQUENCE { rsaEncryption AlgorithmIdentifier, BIT STRING { PKCS#1 RSAPublicKey } }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    var bits = new ByteArrayOutputStream();
    bits.write(0); // no unused bits
    bits.writeBytes(pkcs1);
    var body = new ByteArrayOutputStream();
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(tagged(0x03, bits.toByteArray()));
    return tagged(0x30, body.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    var out = new ByteArrayOutputStream();
    out.write(tag);
    var length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      var bytes = BigInteger.valueOf(length).toByteArray();
      var start = bytes[0] == 0 ? 1 : 0;
      out.write(0x80 | (bytes.length - start));
      out.write(bytes, start, bytes.length - start);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
