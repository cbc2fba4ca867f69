package dev.shipproof.registry;

import dev.shipproof.model.ImageRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Digest syntax, hashing and the comparisons every fetched byte goes through. */
final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern SHA512 = Pattern.compile("sha512:[0-9a-f]{128}");

  private Digests() {}

  /** Whether {@code digest} is a sha256 or sha512 digest in canonical lower-case form. */
  static boolean isValid(String digest) {
    return digest != null && (SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches());
  }

  static String algorithm(String digest) {
    return digest.substring(0, digest.indexOf(':'));
  }

  static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }

  /** {@code algo:hex} of {@code bytes} with the same algorithm as {@code like}. */
  static String compute(String like, byte[] bytes) {
    String algorithm = algorithm(like);
    String javaName = algorithm.equals("sha512") ? "SHA-512" : "SHA-256";
    try {
      byte[] hash = MessageDigest.getInstance(javaName).digest(bytes);
      return algorithm + ":" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without " + javaName, e);
    }
  }

  /**
   * Refuses bytes that do not hash to {@code expected}.
   *
   * @param what names the content for the message, e.g. "manifest" or "referrer blob"
   */
  static void verify(String expected, byte[] bytes, String what) throws RegistryException {
    String actual = compute(expected, bytes);
    if (!MessageDigest.isEqual(
        actual.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII))) {
      throw new RegistryException(
          RegistryException.Kind.DIGEST_MISMATCH,
          what
              + " "
              + ImageRef.shortDigest(expected)
              + ": the "
              + bytes.length
              + " bytes received hash to "
              + ImageRef.shortDigest(actual)
              + ", not to the digest asked for; refusing them");
    }
  }

  /**
   * The referrers tag schema's tag for {@code digest}: {@code <algo>-<hex>}, the hex cut to 64
   * characters (OCI distribution spec 1.1).
   */
  static String referrersTag(String digest) {
    String hex = hex(digest);
    return algorithm(digest) + "-" + hex.substring(0, Math.min(64, hex.length()));
  }

  /** cosign's tag for signatures ({@code .sig}) or attestations ({@code .att}) of a digest. */
  static String cosignTag(String digest, String suffix) {
    return algorithm(digest) + "-" + hex(digest) + suffix;
  }
}
