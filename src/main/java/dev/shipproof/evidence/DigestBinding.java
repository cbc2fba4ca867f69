package dev.shipproof.evidence;

import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.model.Claim.Rejection;
import dev.shipproof.model.Claim.Signer;
import dev.shipproof.model.Claim.Status;
import dev.shipproof.model.PublicKeyPem;

/**
 * The last step of every verifier, whatever the evidence format: a cryptographically sound claim
 * counts only if what it signs names the promoted digest. Kept in one place so the Sigstore bundle
 * and the legacy cosign paths cannot drift apart.
 */
final class DigestBinding {
  private DigestBinding() {}

  /**
   * A verified signature, or a rejection when it signs another digest.
   *
   * @param what how the signed thing is called in messages, e.g. "message signature"
   * @param signedDigest the digest the signature covers, {@code algo:hex}
   * @param hex the promoted digest's hex (sha256)
   */
  static Claim signature(
      String source,
      String what,
      String signedDigest,
      String hex,
      Signer signer,
      String verifiedAs) {
    if (!("sha256:" + hex).equals(signedDigest)) {
      return new Claim(
          source,
          Kind.SIGNATURE,
          null,
          null,
          signer,
          Status.REJECTED,
          Rejection.SUBJECT_MISMATCH,
          "the " + what + " signs " + signedDigest + ", not sha256:" + hex);
    }
    return new Claim(
        source,
        Kind.SIGNATURE,
        null,
        null,
        signer,
        Status.VERIFIED,
        null,
        verifiedAs + ", signed by " + who(signer));
  }

  /**
   * A verified attestation, or a rejection when no subject of its statement is the promoted digest
   * (exact match: an index and its children are different digests).
   *
   * @param via words added after the predicate type in the verified message, e.g. " (cosign .att
   *     layer)"; empty for bundles
   */
  static Claim attestation(
      String source, InTotoStatement statement, String hex, Signer signer, String via) {
    if (!statement.subjectDigests().contains(hex)) {
      return new Claim(
          source,
          Kind.ATTESTATION,
          statement.predicateType(),
          null,
          signer,
          Status.REJECTED,
          Rejection.SUBJECT_MISMATCH,
          "no statement subject has digest sha256:"
              + hex
              + "; it names "
              + String.join(
                  ", ", statement.subjectDigests().stream().map(d -> "sha256:" + d).toList()));
    }
    return new Claim(
        source,
        Kind.ATTESTATION,
        statement.predicateType(),
        statement.predicateJson(),
        signer,
        Status.VERIFIED,
        null,
        "verified " + statement.predicateType() + via + " signed by " + who(signer));
  }

  /** The certificate subject, or {@code key <short id>} for a keyed signer. */
  static String who(Signer signer) {
    return signer.keyHint() != null
        ? "key " + PublicKeyPem.shortId(signer.keyHint())
        : signer.subject();
  }
}
