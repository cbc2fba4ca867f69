package dev.shipproof.evidence;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import java.util.List;

/**
 * Raw signature checks with the JDK, for every key type a keyed signer may use. ECDSA P-384 is
 * tried with SHA-384 (sigstore-go, cosign 2) and SHA-256 (older cosign); RSA with PKCS#1 v1.5 and
 * PSS (salt as long as the hash, or as long as possible, the two lengths signers use).
 */
final class Signatures {
  /** DER DigestInfo prefix for SHA-256, to verify an RSA PKCS#1 v1.5 signature over a digest. */
  private static final byte[] SHA256_DIGEST_INFO =
      HexFormat.of().parseHex("3031300d060960864801650304020105000420");

  private Signatures() {}

  /** Whether {@code signature} signs {@code data} with {@code key}; never throws. */
  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    return switch (key.getAlgorithm()) {
      case "EC" -> anyVerifies(key, data, signature, ecAlgorithms((ECPublicKey) key));
      case "Ed25519", "EdDSA" -> anyVerifies(key, data, signature, List.of("Ed25519"));
      case "RSA" ->
          anyVerifies(key, data, signature, List.of("SHA256withRSA")) || pss(key, data, signature);
      default -> false;
    };
  }

  /**
   * Whether {@code signature} signs the artifact whose SHA-256 is {@code sha256}, as a Sigstore
   * message signature does. Ed25519 signs the message itself, so it cannot be checked from a
   * digest.
   */
  static boolean verifyDigest(PublicKey key, byte[] sha256, byte[] signature) {
    return switch (key.getAlgorithm()) {
      case "EC" -> anyVerifies(key, sha256, signature, List.of("NONEwithECDSA"));
      case "RSA" -> {
        var digestInfo = new ByteArrayOutputStream();
        digestInfo.writeBytes(SHA256_DIGEST_INFO);
        digestInfo.writeBytes(sha256);
        yield anyVerifies(key, digestInfo.toByteArray(), signature, List.of("NONEwithRSA"));
      }
      default -> false;
    };
  }

  private static List<String> ecAlgorithms(ECPublicKey key) {
    return key.getParams().getCurve().getField().getFieldSize() > 256
        ? List.of("SHA384withECDSA", "SHA256withECDSA")
        : List.of("SHA256withECDSA");
  }

  private static boolean anyVerifies(
      PublicKey key, byte[] data, byte[] signature, List<String> algorithms) {
    for (var algorithm : algorithms) {
      try {
        var check = Signature.getInstance(algorithm);
        check.initVerify(key);
        check.update(data);
        if (check.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // A signature the algorithm cannot even parse does not verify; try the next one.
      }
    }
    return false;
  }

  private static boolean pss(PublicKey key, byte[] data, byte[] signature) {
    var hashLength = 32;
    var maxSalt = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8 - hashLength - 2;
    for (var salt : List.of(hashLength, maxSalt)) {
      try {
        var check = Signature.getInstance("RSASSA-PSS");
        check.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
        check.initVerify(key);
        check.update(data);
        if (check.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // As above: try the other salt length.
      }
    }
    return false;
  }
}
