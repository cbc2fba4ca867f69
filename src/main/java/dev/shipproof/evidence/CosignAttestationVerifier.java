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
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Verifies a keyless legacy cosign {@code .att} layer: a DSSE envelope holding an in-toto
 * statement, with certificate, chain and Rekor bundle (an {@code intoto} 0.0.2 entry) in
 * annotations. The predicate type comes from the signed statement, never from the layer's {@code
 * predicateType} annotation.
 */
final class CosignAttestationVerifier {
  private CosignAttestationVerifier() {}

  /** The envelope as signed: payload type, payload bytes, the one signature. */
  private record Envelope(String payloadType, byte[] payload, byte[] signature) {
    /** DSSE pre-authentication encoding: what the signature covers. */
    byte[] pae() {
      var type = payloadType.getBytes(StandardCharsets.UTF_8);
      var out = new ByteArrayOutputStream();
      out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(type);
      out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(payload);
      return out.toByteArray();
    }
  }

  static Claim verify(EvidenceItem item, String hex, TrustRoot trust) {
    var notes = item.annotations() == null ? Map.<String, String>of() : item.annotations();
    try {
      var envelope = envelope(item.content());
      if (notes.get(CERTIFICATE) == null) {
        // TODO(#4): verify keyed .att layers against the policy's public keys.
        throw new Refusal(Rejection.UNSUPPORTED, CosignLayers.KEYED);
      }
      if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw new Refusal(
            Rejection.UNSUPPORTED,
            "DSSE payload type \"" + envelope.payloadType() + "\" is not an in-toto statement");
      }
      var path = CosignLayers.certPath(notes.get(CERTIFICATE), notes.get(CHAIN));
      var leaf = Certificates.getLeaf(path);
      CosignLayers.checkChain(path, trust);
      checkSignature(leaf, envelope);
      var logged = CosignLayers.checkLog(notes.get(REKOR_BUNDLE), leaf, trust);
      checkLoggedContent(logged, envelope, leaf);
      InTotoStatement statement;
      try {
        statement = InTotoStatement.parse(envelope.payload());
      } catch (IllegalArgumentException e) {
        throw new Refusal(Rejection.MALFORMED, e.getMessage());
      }
      var identity = CertificateIdentity.of(leaf);
      var signer = identity.signer();
      return DigestBinding.attestation(item.source(), statement, hex, signer, " (cosign .att layer)");
    } catch (Refusal r) {
      return r.toClaim(item.source(), Kind.ATTESTATION);
    } catch (RuntimeException e) {
      return new Refusal(Rejection.SIGNATURE_INVALID, "the .att layer could not be processed")
          .toClaim(item.source(), Kind.ATTESTATION);
    }
  }

  private static Envelope envelope(byte[] content) throws Refusal {
    try {
      var json =
          JsonParser.parseString(new String(content, StandardCharsets.UTF_8)).getAsJsonObject();
      var signatures = json.getAsJsonArray("signatures");
      if (signatures.size() != 1) {
        throw new Refusal(
            Rejection.SIGNATURE_INVALID, "the DSSE envelope must carry exactly one signature");
      }
      return new Envelope(
          json.get("payloadType").getAsString(),
          Base64.getDecoder().decode(json.get("payload").getAsString()),
          Base64.getDecoder().decode(signatures.get(0).getAsJsonObject().get("sig").getAsString()));
    } catch (RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the .att layer is not a DSSE envelope");
    }
  }

  private static void checkSignature(X509Certificate leaf, Envelope envelope) throws Refusal {
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
   * The intoto 0.0.2 entry must record this payload's hash, this signature and this certificate.
   * Rekor stores the envelope's base64 fields base64-encoded once more.
   */
  private static void checkLoggedContent(JsonObject body, Envelope envelope, X509Certificate leaf)
      throws Refusal {
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
          && CosignLayers.sameCertificate(logged.get("publicKey").getAsString(), leaf)) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Falls through: an entry we cannot read does not vouch for this layer.
    }
    throw CosignLayers.loggedContentDiffers();
  }

  private static byte[] twiceDecoded(String value) {
    var once = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    return Base64.getDecoder().decode(once);
  }
}
