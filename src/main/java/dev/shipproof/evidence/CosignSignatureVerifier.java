package dev.shipproof.evidence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import dev.sigstore.rekor.client.RekorEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Verifies a legacy cosign {@code .sig} layer (keyless): a simple-signing payload whose signature,
 * certificate, chain and Rekor bundle live in annotations.
 *
 * <p>sigstore-java 2.0.0 cannot do this through {@code KeylessVerifier}: cosign's Rekor bundle
 * carries a signed entry timestamp but no inclusion proof, and both {@code Bundle.from} and the
 * Rekor verifier insist on one. So the steps are done here with sigstore-java's parts: Fulcio chain
 * and SCT ({@code FulcioVerifier}), the signature over the payload, the SET against the trusted
 * Rekor key, that the log entry records this payload, signature and certificate, and that the
 * integrated time falls inside the certificate's validity.
 */
final class CosignSignatureVerifier {
  static final String SIGNATURE = "dev.cosignproject.cosign/signature";
  static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
  static final String CHAIN = "dev.sigstore.cosign/chain";
  static final String REKOR_BUNDLE = "dev.sigstore.cosign/bundle";

  /** Why a step failed; carries the rejection and a plain sentence. */
  private static final class Refusal extends Exception {
    private final Rejection rejection;

    Refusal(Rejection rejection, String sentence) {
      super(sentence, null, false, false);
      this.rejection = rejection;
    }
  }

  private CosignSignatureVerifier() {}

  static Claim verify(EvidenceItem item, String hex, TrustRoot trust) {
    var notes = item.annotations() == null ? Map.<String, String>of() : item.annotations();
    try {
      if (notes.get(SIGNATURE) == null) {
        throw new Refusal(Rejection.MALFORMED, ".sig layer has no signature annotation");
      }
      if (notes.get(CERTIFICATE) == null) {
        // TODO(#4): verify keyed .sig layers against the policy's public keys.
        throw new Refusal(
            Rejection.UNSUPPORTED,
            "signed with a public key; keyed verification is not configured");
      }
      var signed = manifestDigest(item.content());
      var signature = base64(notes.get(SIGNATURE), "signature annotation");
      var path = certPath(notes.get(CERTIFICATE), notes.get(CHAIN));
      var leaf = Certificates.getLeaf(path);
      checkChain(path, trust);
      checkSignature(leaf, item.content(), signature);
      checkLog(notes.get(REKOR_BUNDLE), item.content(), signature, leaf, trust);
      var identity = CertificateIdentity.of(leaf);
      var signer = new Signer(identity.issuer(), identity.subject(), null);
      if (!("sha256:" + hex).equals(signed)) {
        return new Claim(
            item.source(),
            Kind.SIGNATURE,
            null,
            null,
            signer,
            Status.REJECTED,
            Rejection.SUBJECT_MISMATCH,
            "the cosign payload signs " + signed + ", not sha256:" + hex);
      }
      return new Claim(
          item.source(),
          Kind.SIGNATURE,
          null,
          null,
          signer,
          Status.VERIFIED,
          null,
          "cosign .sig layer over sha256:" + hex + ", signed by " + signer.subject());
    } catch (Refusal r) {
      var detail =
          r.rejection == Rejection.SIGNATURE_INVALID
              ? "signature invalid: " + r.getMessage()
              : r.getMessage();
      return new Claim(
          item.source(), Kind.SIGNATURE, null, null, null, Status.REJECTED, r.rejection, detail);
    } catch (RuntimeException e) {
      return new Claim(
          item.source(),
          Kind.SIGNATURE,
          null,
          null,
          null,
          Status.REJECTED,
          Rejection.SIGNATURE_INVALID,
          "signature invalid: the .sig layer could not be processed");
    }
  }

  private static String manifestDigest(byte[] payload) throws Refusal {
    try {
      var root = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
      var digest =
          root.getAsJsonObject()
              .getAsJsonObject("critical")
              .getAsJsonObject("image")
              .get("docker-manifest-digest");
      if (digest != null && digest.isJsonPrimitive()) {
        return digest.getAsString();
      }
    } catch (JsonParseException
        | IllegalStateException
        | ClassCastException
        | NullPointerException e) {
      // Falls through to the refusal below.
    }
    throw new Refusal(
        Rejection.MALFORMED,
        "the .sig payload is not a cosign simple-signing"
            + " payload naming a docker-manifest-digest");
  }

  private static byte[] base64(String value, String what) throws Refusal {
    try {
      return Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new Refusal(Rejection.MALFORMED, "the .sig layer's " + what + " is not base64");
    }
  }

  private static CertPath certPath(String certificate, String chain) throws Refusal {
    try {
      var pem = chain == null ? certificate : certificate.strip() + "\n" + chain.strip() + "\n";
      return Certificates.fromPemChain(pem);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Refusal(
          Rejection.MALFORMED,
          "the .sig layer's certificate annotations are not" + " PEM certificates");
    }
  }

  private static void checkChain(CertPath path, TrustRoot trust) throws Refusal {
    try {
      trust.fulcioVerifier().verifySigningCertificate(path);
    } catch (FulcioVerificationException | IOException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          FailureSentences.forVerificationFailure(
              new IOException("Fulcio certificate was not valid: " + e.getMessage())));
    }
  }

  private static void checkSignature(X509Certificate leaf, byte[] payload, byte[] signature)
      throws Refusal {
    boolean valid;
    try {
      valid = Verifiers.newVerifier(leaf.getPublicKey()).verify(payload, signature);
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the signature does not match the signed"
              + " content: it was changed after signing or signed with another key");
    }
  }

  private static void checkLog(
      String bundleJson, byte[] payload, byte[] signature, X509Certificate leaf, TrustRoot trust)
      throws Refusal {
    if (bundleJson == null) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the .sig layer carries no transparency log"
              + " bundle, so nothing shows when it was signed");
    }
    RekorEntry entry;
    byte[] set;
    try {
      var bundle = JsonParser.parseString(bundleJson).getAsJsonObject();
      var body = bundle.getAsJsonObject("Payload");
      set = Base64.getDecoder().decode(bundle.get("SignedEntryTimestamp").getAsString());
      entry =
          ImmutableRekorEntry.builder()
              .body(body.get("body").getAsString())
              .integratedTime(body.get("integratedTime").getAsLong())
              .logID(body.get("logID").getAsString())
              .logIndex(body.get("logIndex").getAsLong())
              .verification(ImmutableVerification.builder().build())
              .build();
    } catch (RuntimeException e) {
      throw new Refusal(
          Rejection.MALFORMED, "the .sig layer's transparency log bundle is" + " unreadable");
    }
    var time = entry.getIntegratedTimeInstant();
    var log = trust.rekorLogValidAt(HexFormat.of().parseHex(entry.getLogID()), time);
    if (log.isEmpty()) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log entry comes from a log"
              + " that is not in the trusted root or whose key was not valid at "
              + time);
    }
    boolean setValid;
    try {
      setValid =
          Verifiers.newVerifier(log.get().getPublicKey().toJavaPublicKey())
              .verify(entry.getSignableContent(), set);
    } catch (GeneralSecurityException e) {
      setValid = false;
    }
    if (!setValid) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log's signed entry"
              + " timestamp does not verify against the trusted Rekor key");
    }
    checkLoggedContent(entry, payload, signature, leaf);
    try {
      leaf.checkValidity(java.util.Date.from(time));
    } catch (GeneralSecurityException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log integrated the entry at "
              + time
              + ", outside the signing certificate's validity");
    }
  }

  /** The log entry must record exactly this payload hash, signature and certificate. */
  private static void checkLoggedContent(
      RekorEntry entry, byte[] payload, byte[] signature, X509Certificate leaf) throws Refusal {
    try {
      var body =
          JsonParser.parseString(
                  new String(Base64.getDecoder().decode(entry.getBody()), StandardCharsets.UTF_8))
              .getAsJsonObject();
      var spec = body.getAsJsonObject("spec");
      JsonObject hash = spec.getAsJsonObject("data").getAsJsonObject("hash");
      var loggedSignature = spec.getAsJsonObject("signature");
      var loggedCert =
          Certificates.fromPem(
              Base64.getDecoder()
                  .decode(
                      loggedSignature.getAsJsonObject("publicKey").get("content").getAsString()));
      var payloadHash =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
      var same =
          "hashedrekord".equals(body.get("kind").getAsString())
              && "sha256".equals(hash.get("algorithm").getAsString())
              && payloadHash.equals(hash.get("value").getAsString())
              && Arrays.equals(
                  signature,
                  Base64.getDecoder().decode(loggedSignature.get("content").getAsString()))
              && Arrays.equals(loggedCert.getEncoded(), leaf.getEncoded());
      if (same) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Falls through: an entry we cannot read does not vouch for this layer.
    }
    throw new Refusal(
        Rejection.SIGNATURE_INVALID,
        "the transparency log entry records a different"
            + " payload, signature or certificate than the .sig layer");
  }
}
