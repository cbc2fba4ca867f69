package dev.shipproof.evidence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.shipproof.evidence.CosignLayers.Refusal;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.EvidenceItem;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Verifies evidence with sigstore-java against a given trusted root and the policy's public keys
 * ({@link TrustRoot#withKeys}): Sigstore bundles v0.1 to v0.3 (message signatures and DSSE
 * attestations, keyless or keyed) and legacy cosign {@code .sig} and {@code .att} layers. Each item
 * becomes one {@link Claim}; identity and predicate rules are left to the policy.
 *
 * <p>sigstore-java 2.0.0 leaves gaps that this class closes itself: it reports a DSSE subject or
 * message digest mismatch with the same exception as a broken signature (we verify against the
 * digest the evidence names and compare subjects ourselves); it accepts a Rekor integrated time
 * without checking it against the certificate or the Rekor key's validity (see {@link
 * SignedTimeCheck}), or one in the future; it refuses keyed bundles with the same parse error as
 * broken JSON, builds the DSSE pre-authentication encoding with character instead of byte counts
 * and reads DSSE log entries of one kind only (keyed and DSSE bundles go through {@link
 * ComposedBundleCheck}); and it cannot read cosign's Rekor bundles at all (see {@link
 * CosignSignatureVerifier}).
 */
public final class SigstoreEvidenceVerifier implements EvidenceVerifier {
  private static final Logger LOG = Logger.getLogger(SigstoreEvidenceVerifier.class);
  private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String PREDICATE_TYPE_HINT = "dev.sigstore.bundle.predicateType";

  /**
   * Set by the image source on an item whose bytes it could not read; the value says why. The same
   * string as the registry port's {@code ImageSource.FETCH_ERROR}, which this package may not name.
   */
  static final String FETCH_ERROR = "dev.shipproof/fetch-error";

  private final Clock clock;

  /** A verifier that judges "in the future" by the system clock. */
  public SigstoreEvidenceVerifier() {
    this(Clock.systemUTC());
  }

  /** A verifier that judges "in the future" by {@code clock} (tests pin it). */
  public SigstoreEvidenceVerifier(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Claim> verify(
      String digest, byte[] manifestBytes, List<EvidenceItem> items, TrustRoot trust) {
    if (digest == null || !SHA256_DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "digest \"" + digest + "\" is not sha256:<64 lower-case hex>");
    }
    var hex = digest.substring("sha256:".length());
    if (manifestBytes == null || !hex.equals(sha256Hex(manifestBytes))) {
      throw new IllegalArgumentException(
          "manifest bytes handed to the verifier do not hash to " + digest);
    }
    return items.stream().map(item -> verifyItem(item, hex, trust)).toList();
  }

  /**
   * Verifies one item for the artifact whose SHA-256 is {@code hex}, without the manifest check of
   * {@link #verify}: for callers that verify a bundle over any artifact ({@link BundleVerifier}).
   */
  Claim verifyItem(EvidenceItem item, String hex, TrustRoot trust) {
    var fetchError = item.annotations() == null ? null : item.annotations().get(FETCH_ERROR);
    var claim =
        fetchError != null
            ? unreadable(item, fetchError)
            : switch (item.format()) {
              case SIGSTORE_BUNDLE -> verifyBundle(item, hex, trust);
              case COSIGN_SIGNATURE -> CosignSignatureVerifier.verify(item, hex, trust, clock);
              case COSIGN_ATTESTATION -> CosignAttestationVerifier.verify(item, hex, trust, clock);
            };
    LOG.debugf(
        "evidence %s: %s %s",
        item.source(), claim.status(), claim.rejection() == null ? "" : claim.rejection());
    return claim;
  }

  /** An item the image source could not read: nothing to verify, the reason is its detail. */
  private static Claim unreadable(EvidenceItem item, String reason) {
    var kind =
        item.format() == EvidenceItem.Format.COSIGN_ATTESTATION ? Kind.ATTESTATION : Kind.SIGNATURE;
    return rejected(item, kind, null, Rejection.MALFORMED, reason);
  }

  private Claim verifyBundle(EvidenceItem item, String hex, TrustRoot trust) {
    var text = new String(item.content(), StandardCharsets.UTF_8);
    JsonObject json;
    try {
      var parsed = JsonParser.parseString(text);
      json = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
    } catch (JsonParseException | IllegalStateException e) {
      json = null;
    }
    if (json == null) {
      return rejected(
          item, Kind.SIGNATURE, null, Rejection.MALFORMED, "not a JSON Sigstore bundle");
    }
    var kind = json.has("dsseEnvelope") ? Kind.ATTESTATION : Kind.SIGNATURE;
    if (!json.has("dsseEnvelope") && !json.has("messageSignature")) {
      return rejected(
          item,
          kind,
          null,
          Rejection.MALFORMED,
          "the Sigstore bundle holds neither a DSSE envelope nor a message signature");
    }
    var mediaType = json.get("mediaType");
    var version =
        BundleVersion.of(
            mediaType != null && mediaType.isJsonPrimitive() ? mediaType.getAsString() : null);
    if (mediaType == null || !mediaType.isJsonPrimitive()) {
      return rejected(
          item,
          kind,
          null,
          Rejection.MALFORMED,
          "not a Sigstore bundle this verifier can read: it names no mediaType");
    }
    if (version.isEmpty()) {
      return unsupported(
          item,
          kind,
          "bundle media type "
              + mediaType
              + " is not a Sigstore bundle version this verifier reads (v0.1, v0.2, v0.3)");
    }
    if (CheckpointNames.normalise(json, trust)) {
      text = json.toString();
    }
    if (kind == Kind.ATTESTATION) {
      return verifyDsse(item, json, version.get(), hex, trust);
    }
    if (hasPublicKey(json)) {
      return verifyKeyedMessageSignature(item, json, version.get(), hex, trust);
    }
    Bundle bundle;
    try {
      bundle = Bundle.from(new StringReader(text));
    } catch (IllegalStateException e) {
      // Bundle.from throws this unchecked when no SET and no RFC 3161 timestamp is present.
      if (String.valueOf(e.getMessage()).contains("No timestamp verification")) {
        return rejected(
            item,
            kind,
            null,
            Rejection.SIGNATURE_INVALID,
            "signature invalid: " + SignedTimeCheck.NO_SIGNED_TIME);
      }
      return rejected(
          item,
          kind,
          null,
          Rejection.MALFORMED,
          "not a Sigstore bundle this verifier can read: " + firstLine(e.getMessage()));
    } catch (BundleParseException | RuntimeException e) {
      return rejected(
          item,
          kind,
          null,
          Rejection.MALFORMED,
          "not a Sigstore bundle this verifier can read: " + firstLine(e.getMessage()));
    }
    return verifyMessageSignature(item, bundle, hex, trust);
  }

  /** A DSSE bundle, keyless or keyed, checked step by step (see {@link ComposedBundleCheck}). */
  private Claim verifyDsse(
      EvidenceItem item, JsonObject json, BundleVersion version, String hex, TrustRoot trust) {
    try {
      var envelope = DsseEnvelope.parse(json.get("dsseEnvelope"));
      if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        return unsupported(
            item,
            Kind.ATTESTATION,
            "DSSE payload type \"" + envelope.payloadType() + "\" is not an in-toto statement");
      }
      var verified = ComposedBundleCheck.verify(json, version, hex, trust, clock);
      InTotoStatement statement;
      try {
        statement = InTotoStatement.parse(verified.payload());
      } catch (IllegalArgumentException e) {
        return rejected(item, Kind.ATTESTATION, null, Rejection.MALFORMED, e.getMessage());
      }
      return DigestBinding.attestation(item.source(), statement, hex, verified.signer(), "");
    } catch (Refusal r) {
      var claim = r.toClaim(item.source(), Kind.ATTESTATION);
      return claim.rejection() == Rejection.SIGNATURE_INVALID
          ? rejected(item, Kind.ATTESTATION, null, claim.rejection(), claim.detail() + hint(item))
          : claim;
    } catch (RuntimeException e) {
      // One odd bundle must not stop the others.
      LOG.debugf("a DSSE bundle could not be processed: %s", firstLine(e.getMessage()));
      return rejected(
          item,
          Kind.ATTESTATION,
          null,
          Rejection.SIGNATURE_INVALID,
          "signature invalid: the bundle could not be processed" + hint(item));
    }
  }

  /** A keyed message signature, checked step by step (see {@link ComposedBundleCheck}). */
  private Claim verifyKeyedMessageSignature(
      EvidenceItem item, JsonObject json, BundleVersion version, String hex, TrustRoot trust) {
    try {
      var verified = ComposedBundleCheck.verify(json, version, hex, trust, clock);
      return DigestBinding.signature(
          item.source(),
          "message signature",
          "sha256:" + verified.signedDigest(),
          hex,
          verified.signer(),
          "message signature over the manifest bytes");
    } catch (Refusal r) {
      return r.toClaim(item.source(), Kind.SIGNATURE);
    } catch (RuntimeException e) {
      LOG.debugf("a keyed bundle could not be processed: %s", firstLine(e.getMessage()));
      return rejected(
          item,
          Kind.SIGNATURE,
          null,
          Rejection.SIGNATURE_INVALID,
          "signature invalid: the bundle could not be processed");
    }
  }

  private Claim verifyMessageSignature(
      EvidenceItem item, Bundle bundle, String hex, TrustRoot trust) {
    var signature = bundle.getMessageSignature().orElseThrow();
    // As for DSSE: verify for the digest the bundle says it signs, then compare it ourselves, so
    // "signs another manifest" is not reported as "bad signature".
    var signedFor =
        signature.getMessageDigest().map(d -> HexFormat.of().formatHex(d.getDigest())).orElse(hex);
    var failure = cryptoFailure(bundle, signedFor, trust);
    if (failure != null) {
      return rejected(
          item, Kind.SIGNATURE, null, Rejection.SIGNATURE_INVALID, "signature invalid: " + failure);
    }
    var signer = signerOf(bundle);
    return DigestBinding.signature(
        item.source(),
        "message signature",
        "sha256:" + signedFor,
        hex,
        signer,
        "message signature over the manifest bytes");
  }

  /** A plain sentence when the bundle does not verify for {@code digestHex}, else null. */
  private String cryptoFailure(Bundle bundle, String digestHex, TrustRoot trust) {
    try {
      trust
          .keylessVerifier()
          .verify(HexFormat.of().parseHex(digestHex), bundle, VerificationOptions.empty());
    } catch (KeylessVerificationException e) {
      LOG.debugf("sigstore-java rejected a bundle: %s", firstLine(e.getMessage()));
      return FailureSentences.forVerificationFailure(e);
    } catch (RuntimeException e) {
      // sigstore-java lets some failures escape unchecked (e.g. IllegalStateException,
      // RuntimeException around key errors); one bad item must not stop the others.
      LOG.debugf("sigstore-java failed on a bundle: %s", firstLine(e.getMessage()));
      return "the bundle could not be processed: " + FailureSentences.forVerificationFailure(e);
    }
    return SignedTimeCheck.problem(bundle, trust, clock);
  }

  private static Signer signerOf(Bundle bundle) {
    var leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    var identity = CertificateIdentity.of(leaf);
    return identity.signer();
  }

  private static boolean hasPublicKey(JsonObject bundle) {
    JsonElement material = bundle.get("verificationMaterial");
    return material != null
        && material.isJsonObject()
        && material.getAsJsonObject().has("publicKey")
        && !material.getAsJsonObject().has("certificate")
        && !material.getAsJsonObject().has("x509CertificateChain");
  }

  private static String hint(EvidenceItem item) {
    var hint = item.annotations() == null ? null : item.annotations().get(PREDICATE_TYPE_HINT);
    return hint == null ? "" : " (its unsigned annotation says " + hint + ")";
  }

  private static Claim unsupported(EvidenceItem item, Kind kind, String detail) {
    return rejected(item, kind, null, Rejection.UNSUPPORTED, detail);
  }

  private static Claim rejected(
      EvidenceItem item, Kind kind, Signer signer, Rejection rejection, String detail) {
    return new Claim(item.source(), kind, null, null, signer, Status.REJECTED, rejection, detail);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    var newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
