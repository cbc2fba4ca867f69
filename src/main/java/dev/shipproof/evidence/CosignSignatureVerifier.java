package dev.shipproof.evidence;

import static dev.shipproof.evidence.CosignLayers.CERTIFICATE;
import static dev.shipproof.evidence.CosignLayers.CHAIN;
import static dev.shipproof.evidence.CosignLayers.REKOR_BUNDLE;
import static dev.shipproof.evidence.CosignLayers.SIGNATURE;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Verifies a legacy cosign {@code .sig} layer: a simple-signing payload whose signature,
 * certificate, chain and Rekor bundle live in annotations (see {@link CosignLayers} for why
 * sigstore-java's {@code KeylessVerifier} cannot be used). A layer without a certificate was signed
 * with a key: it is verified with the policy's public keys, and its Rekor bundle, when present,
 * must verify and record that key.
 */
final class CosignSignatureVerifier {
  private CosignSignatureVerifier() {}

  static Claim verify(EvidenceItem item, String hex, TrustRoot trust, Clock clock) {
    var notes = item.annotations() == null ? Map.<String, String>of() : item.annotations();
    try {
      if (notes.get(SIGNATURE) == null) {
        throw new Refusal(Rejection.MALFORMED, ".sig layer has no signature annotation");
      }
      var signed = manifestDigest(item.content());
      var signature = CosignLayers.base64(notes.get(SIGNATURE), "signature annotation");
      if (notes.get(CERTIFICATE) == null) {
        return verifyKeyed(item, hex, trust, clock, signed, signature);
      }
      var path = CosignLayers.certPath(notes.get(CERTIFICATE), notes.get(CHAIN));
      var leaf = Certificates.getLeaf(path);
      CosignLayers.checkChain(path, trust);
      checkSignature(leaf, item.content(), signature);
      var logged = CosignLayers.checkLog(notes.get(REKOR_BUNDLE), leaf, trust, clock);
      checkLoggedContent(logged, item.content(), signature, leaf, null);
      var identity = CertificateIdentity.of(leaf);
      var signer = identity.signer();
      return DigestBinding.signature(
          item.source(),
          "cosign payload",
          signed,
          hex,
          signer,
          "cosign .sig layer over sha256:" + hex);
    } catch (Refusal r) {
      return r.toClaim(item.source(), Kind.SIGNATURE);
    } catch (RuntimeException e) {
      return new Refusal(Rejection.SIGNATURE_INVALID, "the .sig layer could not be processed")
          .toClaim(item.source(), Kind.SIGNATURE);
    }
  }

  private static Claim verifyKeyed(
      EvidenceItem item, String hex, TrustRoot trust, Clock clock, String signed, byte[] signature)
      throws Refusal {
    var key = keyThatSigned(item.content(), signature, trust);
    var bundle = item.annotations().get(REKOR_BUNDLE);
    var logged = "";
    if (bundle != null) {
      var body = CosignLayers.checkLog(bundle, null, trust, clock);
      checkLoggedContent(body, item.content(), signature, null, key);
      logged = ", logged";
    }
    return DigestBinding.signature(
        item.source(),
        "cosign payload",
        signed,
        hex,
        new Signer(null, null, key.id()),
        "cosign .sig layer over sha256:" + hex + " (" + key.describe() + logged + ")");
  }

  /** The policy key that signed the payload; the layer names none, so every key is tried. */
  static SigningKey keyThatSigned(byte[] signed, byte[] signature, TrustRoot trust) throws Refusal {
    if (trust.keys().isEmpty()) {
      throw new Refusal(Rejection.UNSUPPORTED, CosignLayers.KEYED);
    }
    for (var key : trust.keys()) {
      if (Signatures.verify(key.key(), signed, signature)) {
        return key;
      }
    }
    throw CosignLayers.noKeySigned(trust);
  }

  private static String manifestDigest(byte[] payload) throws Refusal {
    try {
      var digest =
          JsonParser.parseString(new String(payload, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("critical")
              .getAsJsonObject("image")
              .get("docker-manifest-digest");
      if (digest != null && digest.isJsonPrimitive()) {
        return digest.getAsString();
      }
    } catch (RuntimeException e) {
      // Falls through to the refusal below.
    }
    throw new Refusal(
        Rejection.MALFORMED,
        "the .sig payload is not a cosign simple-signing payload naming a docker-manifest-digest");
  }

  private static void checkSignature(X509Certificate leaf, byte[] payload, byte[] signature)
      throws Refusal {
    try {
      if (Verifiers.newVerifier(leaf.getPublicKey()).verify(payload, signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // An unusable signature is a wrong signature.
    }
    throw CosignLayers.signatureMismatch();
  }

  /**
   * The hashedrekord entry must record this payload's hash, this signature and the certificate (or,
   * keyed, the public key).
   */
  private static void checkLoggedContent(
      JsonObject body, byte[] payload, byte[] signature, X509Certificate leaf, SigningKey key)
      throws Refusal {
    try {
      var spec = body.getAsJsonObject("spec");
      var hash = spec.getAsJsonObject("data").getAsJsonObject("hash");
      var logged = spec.getAsJsonObject("signature");
      if ("hashedrekord".equals(body.get("kind").getAsString())
          && "sha256".equals(hash.get("algorithm").getAsString())
          && CosignLayers.sha256Hex(payload).equals(hash.get("value").getAsString())
          && Arrays.equals(
              signature, Base64.getDecoder().decode(logged.get("content").getAsString()))
          && ComposedBundleCheck.sameSignerPem(
              Base64.getDecoder()
                  .decode(logged.getAsJsonObject("publicKey").get("content").getAsString()),
              leaf,
              key)) {
        return;
      }
    } catch (RuntimeException e) {
      // Falls through: an entry we cannot read does not vouch for this layer.
    }
    throw CosignLayers.loggedContentDiffers();
  }
}
