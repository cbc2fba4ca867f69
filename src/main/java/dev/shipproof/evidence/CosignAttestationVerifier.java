package dev.shipproof.evidence;

import static dev.shipproof.evidence.CosignLayers.CERTIFICATE;
import static dev.shipproof.evidence.CosignLayers.CHAIN;
import static dev.shipproof.evidence.CosignLayers.REKOR_BUNDLE;

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
 * Verifies a legacy cosign {@code .att} layer: a DSSE envelope holding an in-toto statement, with
 * certificate, chain and Rekor bundle (an {@code intoto} 0.0.2 entry) in annotations. A layer
 * without a certificate was signed with a key: it is verified with the policy's public keys, and
 * its Rekor bundle, when present, must verify and record that key. The predicate type comes from
 * the signed statement, never from the layer's {@code predicateType} annotation.
 */
final class CosignAttestationVerifier {
  private CosignAttestationVerifier() {}

  static Claim verify(EvidenceItem item, String hex, TrustRoot trust, Clock clock) {
    var notes = item.annotations() == null ? Map.<String, String>of() : item.annotations();
    try {
      var envelope = envelope(item.content());
      if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw new Refusal(
            Rejection.UNSUPPORTED,
            "DSSE payload type \"" + envelope.payloadType() + "\" is not an in-toto statement");
      }
      Signer signer;
      if (notes.get(CERTIFICATE) == null) {
        var key =
            CosignSignatureVerifier.keyThatSigned(envelope.pae(), envelope.signature(), trust);
        if (notes.get(REKOR_BUNDLE) != null) {
          var logged = CosignLayers.checkLog(notes.get(REKOR_BUNDLE), null, trust, clock);
          checkLoggedContent(logged, envelope, null, key);
        }
        signer = new Signer(null, null, key.id());
      } else {
        var path = CosignLayers.certPath(notes.get(CERTIFICATE), notes.get(CHAIN));
        var leaf = Certificates.getLeaf(path);
        CosignLayers.checkChain(path, trust);
        checkSignature(leaf, envelope);
        var logged = CosignLayers.checkLog(notes.get(REKOR_BUNDLE), leaf, trust, clock);
        checkLoggedContent(logged, envelope, leaf, null);
        var identity = CertificateIdentity.of(leaf);
        signer = identity.signer();
      }
      InTotoStatement statement;
      try {
        statement = InTotoStatement.parse(envelope.payload());
      } catch (IllegalArgumentException e) {
        throw new Refusal(Rejection.MALFORMED, e.getMessage());
      }
      return DigestBinding.attestation(
          item.source(), statement, hex, signer, " (cosign .att layer)");
    } catch (Refusal r) {
      return r.toClaim(item.source(), Kind.ATTESTATION);
    } catch (RuntimeException e) {
      return new Refusal(Rejection.SIGNATURE_INVALID, "the .att layer could not be processed")
          .toClaim(item.source(), Kind.ATTESTATION);
    }
  }

  private static DsseEnvelope envelope(byte[] content) throws Refusal {
    try {
      return DsseEnvelope.parse(
          JsonParser.parseString(new String(content, StandardCharsets.UTF_8)));
    } catch (Refusal r) {
      if (r.rejection() == Rejection.MALFORMED) {
        throw new Refusal(Rejection.MALFORMED, "the .att layer is not a DSSE envelope");
      }
      throw r;
    } catch (RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the .att layer is not a DSSE envelope");
    }
  }

  private static void checkSignature(X509Certificate leaf, DsseEnvelope envelope) throws Refusal {
    try {
      if (Verifiers.newVerifier(leaf.getPublicKey()).verify(envelope.pae(), envelope.signature())) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // An unusable signature is a wrong signature.
    }
    throw CosignLayers.signatureMismatch();
  }

  /**
   * The intoto 0.0.2 entry must record this payload's hash, this signature and this certificate
   * (or, keyed, this public key). Rekor stores the envelope's base64 fields base64-encoded once
   * more.
   */
  private static void checkLoggedContent(
      JsonObject body, DsseEnvelope envelope, X509Certificate leaf, SigningKey key) throws Refusal {
    try {
      var content = body.getAsJsonObject("spec").getAsJsonObject("content");
      var payloadHash = content.getAsJsonObject("payloadHash");
      var logged =
          content.getAsJsonObject("envelope").getAsJsonArray("signatures").get(0).getAsJsonObject();
      var loggedSig = twiceDecoded(logged.get("sig").getAsString());
      if ("intoto".equals(body.get("kind").getAsString())
          && "sha256".equals(payloadHash.get("algorithm").getAsString())
          && CosignLayers.sha256Hex(envelope.payload())
              .equals(payloadHash.get("value").getAsString())
          && Arrays.equals(envelope.signature(), loggedSig)
          && ComposedBundleCheck.sameSignerPem(
              Base64.getDecoder().decode(logged.get("publicKey").getAsString()), leaf, key)) {
        return;
      }
    } catch (RuntimeException e) {
      // Falls through: an entry we cannot read does not vouch for this layer.
    }
    throw CosignLayers.loggedContentDiffers();
  }

  private static byte[] twiceDecoded(String value) {
    var once = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    return Base64.getDecoder().decode(once);
  }
}
