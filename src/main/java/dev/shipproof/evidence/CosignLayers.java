package dev.shipproof.evidence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Status;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

/**
 * Steps shared by the legacy cosign layer verifiers. sigstore-java 2.0.0 cannot verify these layers
 * through {@code KeylessVerifier}: cosign's Rekor bundle annotation carries a signed entry
 * timestamp (SET) but no inclusion proof, and both {@code Bundle.from} and its Rekor verifier
 * insist on one. So each step is done here with sigstore-java's parts: the Fulcio chain and SCT
 * ({@code FulcioVerifier}), the SET against the trusted Rekor key valid at the integrated time, and
 * the certificate's validity at that time. The caller checks its signature and what the log entry
 * records.
 */
final class CosignLayers {
  static final String SIGNATURE = "dev.cosignproject.cosign/signature";
  static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
  static final String CHAIN = "dev.sigstore.cosign/chain";
  static final String REKOR_BUNDLE = "dev.sigstore.cosign/bundle";

  /** Detail for keyed evidence when the policy names no key, bundles and layers alike. */
  static final String KEYED =
      "signed with a public key, but the policy names no key signer to verify it with";

  /** A step failed: the rejection and a plain sentence. Thrown only inside the cosign verifiers. */
  static final class Refusal extends Exception {
    private final Rejection rejection;

    Refusal(Rejection rejection, String sentence) {
      super(sentence, null, false, false);
      this.rejection = rejection;
    }

    Rejection rejection() {
      return rejection;
    }

    Claim toClaim(String source, Kind kind) {
      var detail =
          rejection == Rejection.SIGNATURE_INVALID
              ? "signature invalid: " + getMessage()
              : getMessage();
      return new Claim(source, kind, null, null, null, Status.REJECTED, rejection, detail);
    }
  }

  private CosignLayers() {}

  static byte[] base64(String value, String what) throws Refusal {
    try {
      return Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Refusal(Rejection.MALFORMED, "the layer's " + what + " is not base64");
    }
  }

  /** The signing certificate (leaf first) and, when annotated, its chain. */
  static CertPath certPath(String certificate, String chain) throws Refusal {
    try {
      var pem = chain == null ? certificate : certificate.strip() + "\n" + chain.strip() + "\n";
      return Certificates.fromPemChain(pem);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Refusal(
          Rejection.MALFORMED, "the layer's certificate annotations are not PEM certificates");
    }
  }

  static void checkChain(CertPath path, TrustRoot trust) throws Refusal {
    try {
      trust.fulcioVerifier().verifySigningCertificate(path);
    } catch (FulcioVerificationException | IOException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          FailureSentences.forVerificationFailure(
              new IOException("Fulcio certificate was not valid: " + e.getMessage())));
    }
  }

  /**
   * Verifies the Rekor bundle annotation: SET by a trusted log key valid at the integrated time,
   * and the certificate valid at that time. Returns the decoded log entry body for the caller to
   * compare with the layer.
   *
   * @param leaf the signing certificate, or {@code null} for a keyed layer
   */
  static JsonObject checkLog(
      String bundleJson, X509Certificate leaf, TrustRoot trust, java.time.Clock clock)
      throws Refusal {
    if (bundleJson == null) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the layer carries no transparency log bundle, so nothing shows when it was signed");
    }
    ImmutableRekorEntry entry;
    byte[] set;
    try {
      var bundle = JsonParser.parseString(bundleJson).getAsJsonObject();
      var payload = bundle.getAsJsonObject("Payload");
      set = Base64.getDecoder().decode(bundle.get("SignedEntryTimestamp").getAsString());
      entry =
          ImmutableRekorEntry.builder()
              .body(payload.get("body").getAsString())
              .integratedTime(payload.get("integratedTime").getAsLong())
              .logID(payload.get("logID").getAsString())
              .logIndex(payload.get("logIndex").getAsLong())
              .verification(ImmutableVerification.builder().build())
              .build();
    } catch (RuntimeException e) {
      throw new Refusal(Rejection.MALFORMED, "the layer's transparency log bundle is unreadable");
    }
    var time = entry.getIntegratedTimeInstant();
    var future =
        SignedTimeCheck.futureProblem("the transparency log integrated the entry", time, clock);
    if (future != null) {
      throw new Refusal(Rejection.SIGNATURE_INVALID, future);
    }
    var log = trust.rekorLogValidAt(HexFormat.of().parseHex(entry.getLogID()), time);
    if (log.isEmpty()) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log entry comes from a log that is not in the trusted root or whose"
              + " key was not valid at "
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
          "the transparency log's signed entry timestamp does not verify against the trusted"
              + " Rekor key");
    }
    try {
      if (leaf != null) {
        leaf.checkValidity(Date.from(time));
      }
    } catch (GeneralSecurityException e) {
      throw new Refusal(
          Rejection.SIGNATURE_INVALID,
          "the transparency log integrated the entry at "
              + time
              + ", outside the signing certificate's validity");
    }
    try {
      var body = Base64.getDecoder().decode(entry.getBody());
      return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw loggedContentDiffers();
    }
  }

  static Refusal loggedContentDiffers() {
    return new Refusal(
        Rejection.SIGNATURE_INVALID,
        "the transparency log entry records a different payload, signature or certificate than"
            + " the layer");
  }

  /** No policy key verifies the signature. */
  static Refusal noKeySigned(TrustRoot trust) {
    return new Refusal(
        Rejection.SIGNATURE_INVALID,
        "the signature verifies with none of the policy's public keys ("
            + String.join(", ", trust.keys().stream().map(SigningKey::shortId).toList())
            + "): it was changed after signing or signed with another key");
  }

  static Refusal signatureMismatch() {
    return new Refusal(
        Rejection.SIGNATURE_INVALID,
        "the signature does not match the signed content: it was changed after signing or signed"
            + " with another key");
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
