package dev.shipproof.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

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
 * @param origin where the evidence sits and when the log vouched for it; {@code null} when unknown
 */
public record Claim(
    String source,
    Kind kind,
    String predicateType,
    String predicateJson,
    Signer signer,
    Status status,
    Rejection rejection,
    String detail,
    Origin origin) {

  /** A claim whose origin is not known (yet): see {@link #withOrigin}. */
  public Claim(
      String source,
      Kind kind,
      String predicateType,
      String predicateJson,
      Signer signer,
      Status status,
      Rejection rejection,
      String detail) {
    this(source, kind, predicateType, predicateJson, signer, status, rejection, detail, null);
  }

  /** The same claim with its origin recorded. */
  public Claim withOrigin(Origin newOrigin) {
    return new Claim(
        source, kind, predicateType, predicateJson, signer, status, rejection, detail, newOrigin);
  }

  /**
   * Facts about the evidence bytes behind a claim, for status and audit. They are read from the
   * same bytes the verifier checked, so they mean something only for a verified claim.
   *
   * @param envelopeDigest {@code sha256:<hex>} of the bundle or layer bytes (the blob's digest in
   *     the registry), or {@code null}
   * @param logIndex the transparency log index, or {@code null} when the evidence has no log entry
   * @param integratedTime when the transparency log integrated the entry, or {@code null}
   * @param statementJson for an attestation, the whole in-toto statement as JSON text, or {@code
   *     null}
   */
  public record Origin(
      String envelopeDigest, Long logIndex, Instant integratedTime, String statementJson) {}

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
   * @param keyHint for keyed signatures, the key id of the policy key that verified it (see {@link
   *     PublicKeyPem}); {@code null} for keyless
   * @param extensions the Fulcio certificate's {@code 1.3.6.1.4.1.57264.1.*} extensions as text,
   *     keyed by OID (e.g. {@code 1.3.6.1.4.1.57264.1.5} the GitHub workflow repository); empty for
   *     a key
   */
  public record Signer(
      String issuer, String subject, String keyHint, Map<String, String> extensions) {

    /** Sorted and unmodifiable; never null. */
    public Signer {
      extensions =
          extensions == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /** A signer without certificate extensions. */
    public Signer(String issuer, String subject, String keyHint) {
      this(issuer, subject, keyHint, Map.of());
    }

    /** The extension with this OID, or {@code null}. */
    public String extension(String oid) {
      return extensions.get(oid);
    }

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
