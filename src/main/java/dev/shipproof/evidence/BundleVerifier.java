package dev.shipproof.evidence;

import dev.shipproof.model.Claim;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.PublicKeyPem;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verifies one Sigstore bundle over an artifact given by its SHA-256: the same code the operator
 * runs on each bundle attached to an image (a message signature must sign that digest; a DSSE
 * statement must name it as a subject). For the CLI's {@code verify --bundle} and the Sigstore
 * conformance suite.
 */
public final class BundleVerifier {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final SigstoreEvidenceVerifier verifier;

  /**
   * The outcome.
   *
   * @param verified true when the bundle verifies over the artifact and was signed by the expected
   *     signer
   * @param claim what the bundle claims, verified or rejected (with its reason)
   * @param message one sentence for people
   */
  public record Result(boolean verified, Claim claim, String message) {}

  /** A verifier that judges "in the future" by the system clock. */
  public BundleVerifier() {
    this(Clock.systemUTC());
  }

  /** A verifier that judges "in the future" by {@code clock}. */
  public BundleVerifier(Clock clock) {
    this.verifier = new SigstoreEvidenceVerifier(clock);
  }

  /**
   * Verifies {@code bundleJson} over the artifact and checks its signer.
   *
   * @param bundleJson the bundle's bytes ({@code *.sigstore.json})
   * @param artifactSha256 the artifact's SHA-256, 64 lower-case hex characters
   * @param expected who must have signed it
   * @param trust the trusted root; a keyed {@code expected} signer is added as its only key
   * @throws IllegalArgumentException when {@code artifactSha256} is not 64 lower-case hex
   */
  public Result verify(
      byte[] bundleJson, String artifactSha256, ExpectedSigner expected, TrustRoot trust) {
    var keys = expected.key() == null ? List.<SigningKey>of() : List.of(expected.key());
    var claim = claim(bundleJson, artifactSha256, trust.withKeys(keys));
    if (!claim.verified()) {
      return new Result(false, claim, "bundle rejected: " + claim.detail());
    }
    if (!expected.matches(claim.signer())) {
      return new Result(
          false,
          claim,
          "bundle verified but was signed by " + describe(claim.signer()) + ", not by " + expected);
    }
    return new Result(true, claim, "bundle verified: " + claim.detail());
  }

  /**
   * What the bundle claims about the artifact, for a policy to judge: signer identity and, for an
   * attestation, predicate. Keyed bundles verify only with the keys attached to {@code trust}.
   *
   * @throws IllegalArgumentException when {@code artifactSha256} is not 64 lower-case hex
   */
  public Claim claim(byte[] bundleJson, String artifactSha256, TrustRoot trust) {
    if (artifactSha256 == null || !SHA256_HEX.matcher(artifactSha256).matches()) {
      throw new IllegalArgumentException(
          "artifact digest \"" + artifactSha256 + "\" is not 64 lower-case hex characters");
    }
    var item =
        new EvidenceItem(
            "bundle",
            EvidenceItem.Format.SIGSTORE_BUNDLE,
            "application/vnd.dev.sigstore.bundle.v0.3+json",
            bundleJson == null ? new byte[0] : bundleJson,
            Map.of());
    return verifier.verifyItem(item, artifactSha256, trust);
  }

  private static String describe(Claim.Signer signer) {
    if (signer == null) {
      return "an unknown signer";
    }
    return signer.keyHint() != null
        ? "key " + PublicKeyPem.shortId(signer.keyHint())
        : signer.subject() + " (issuer " + signer.issuer() + ")";
  }
}
