package dev.shipproof.model;

/**
 * What one evidence item turned out to say after cryptographic verification. Only a {@link
 * Status#VERIFIED} claim may satisfy a policy requirement; a rejected one is kept to explain a
 * denial.
 *
 * @param source where the evidence came from (see {@link EvidenceItem#source()})
 * @param kind a plain signature over the digest, or an attestation
 * @param predicateType for an attestation, the predicate type taken from the signed statement
 *     (never from unsigned annotations); {@code null} for a signature or when unreadable
 * @param predicateJson the predicate as JSON text, for policy conditions; {@code null} for a
 *     signature
 * @param signer who signed it, or {@code null} when the signature did not verify
 * @param status verified or rejected
 * @param rejection why it was rejected; {@code null} when verified
 * @param detail a human sentence about the outcome
 */
public record Claim(
    String source,
    Kind kind,
    String predicateType,
    String predicateJson,
    Signer signer,
    Status status,
    Rejection rejection,
    String detail) {

  /** Signature over the digest, or an in-toto attestation. */
  public enum Kind {
    SIGNATURE,
    ATTESTATION
  }

  /** Verified claims may count; rejected ones never do. */
  public enum Status {
    VERIFIED,
    REJECTED
  }

  /** Why a claim was rejected. */
  public enum Rejection {
    /** Signature, certificate chain, transparency log or timestamp did not verify. */
    SIGNATURE_INVALID,
    /** It verified, but what it signs does not name the promoted digest. */
    SUBJECT_MISMATCH,
    /** The bytes are not a bundle or envelope we can read. */
    MALFORMED,
    /** A shape this release does not verify yet. */
    UNSUPPORTED
  }

  /**
   * A verified signer.
   *
   * @param issuer OIDC issuer from the Fulcio certificate, or {@code null} for a key
   * @param subject certificate SAN (URI or email), or {@code null} for a key
   * @param keyHint for keyed signatures, the key's hint; {@code null} for keyless
   */
  public record Signer(String issuer, String subject, String keyHint) {
    /** For humans: the subject, or the key hint. */
    @Override
    public String toString() {
      return subject != null ? subject : "key " + keyHint;
    }
  }

  public boolean verified() {
    return status == Status.VERIFIED;
  }
}
