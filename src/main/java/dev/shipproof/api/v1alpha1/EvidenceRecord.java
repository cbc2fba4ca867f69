package dev.shipproof.api.v1alpha1;

import java.util.Objects;

/**
 * One policy requirement for one digest: whether it was met, by which signature or attestation,
 * signed by whom and logged when; or, when not met, why.
 */
public class EvidenceRecord {
  /** The requirement: {@code signature} or an attestation predicate type. */
  private String requirement;

  /** Whether the requirement is met. */
  private Boolean met;

  /** When not met: the status reason, e.g. {@code IdentityMismatch}. */
  private String reason;

  /** When not met: why, naming the candidates that came closest. */
  private String message;

  /**
   * The digest this requirement was judged for: the promoted digest, or for a multi-arch image the
   * index or a platform manifest.
   */
  private String digest;

  /**
   * The digest whose evidence met it, when another than {@link #digest} (an image index covering
   * its platform manifest).
   */
  private String coveredBy;

  /**
   * What met it: {@code message-signature}, {@code cosign-signature} ({@code .sig} layer), {@code
   * cosign-sign-attestation} ({@code https://sigstore.dev/cosign/sign/v1}) or {@code attestation}.
   */
  private String kind;

  /** The signed statement's predicate type, for an attestation. */
  private String predicateType;

  /** {@code sha256:} of the bundle or layer bytes that met it. */
  private String envelopeDigest;

  /** For a keyed signature, the key id ({@code sha256:} of the public key). */
  private String keyId;

  /** The transparency log index of the signature. */
  private Long logIndex;

  /** When the transparency log integrated it (RFC 3339). */
  private String integratedTime;

  /** Where the evidence came from: a referrer digest or a cosign tag. */
  private String source;

  /** The verified signer, e.g. {@code https://github.com/acme/api/...@refs/heads/main}. */
  private String signer;

  /** The signer's OIDC issuer. */
  private String issuer;

  /** A short summary of what the predicate says, e.g. {@code result PASSED}. */
  private String summary;

  public EvidenceRecord() {}

  public EvidenceRecord(
      String requirement, String source, String signer, String issuer, String summary) {
    this.requirement = requirement;
    this.source = source;
    this.signer = signer;
    this.issuer = issuer;
    this.summary = summary;
  }

  public String getRequirement() {
    return requirement;
  }

  public void setRequirement(String requirement) {
    this.requirement = requirement;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSigner() {
    return signer;
  }

  public void setSigner(String signer) {
    this.signer = signer;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  public Boolean getMet() {
    return met;
  }

  public void setMet(Boolean met) {
    this.met = met;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getCoveredBy() {
    return coveredBy;
  }

  public void setCoveredBy(String coveredBy) {
    this.coveredBy = coveredBy;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getPredicateType() {
    return predicateType;
  }

  public void setPredicateType(String predicateType) {
    this.predicateType = predicateType;
  }

  public String getEnvelopeDigest() {
    return envelopeDigest;
  }

  public void setEnvelopeDigest(String envelopeDigest) {
    this.envelopeDigest = envelopeDigest;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public Long getLogIndex() {
    return logIndex;
  }

  public void setLogIndex(Long logIndex) {
    this.logIndex = logIndex;
  }

  public String getIntegratedTime() {
    return integratedTime;
  }

  public void setIntegratedTime(String integratedTime) {
    this.integratedTime = integratedTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvidenceRecord r
        && Objects.equals(requirement, r.requirement)
        && Objects.equals(met, r.met)
        && Objects.equals(reason, r.reason)
        && Objects.equals(message, r.message)
        && Objects.equals(digest, r.digest)
        && Objects.equals(coveredBy, r.coveredBy)
        && Objects.equals(kind, r.kind)
        && Objects.equals(predicateType, r.predicateType)
        && Objects.equals(source, r.source)
        && Objects.equals(envelopeDigest, r.envelopeDigest)
        && Objects.equals(signer, r.signer)
        && Objects.equals(issuer, r.issuer)
        && Objects.equals(keyId, r.keyId)
        && Objects.equals(logIndex, r.logIndex)
        && Objects.equals(integratedTime, r.integratedTime)
        && Objects.equals(summary, r.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        requirement,
        met,
        reason,
        message,
        digest,
        coveredBy,
        kind,
        predicateType,
        source,
        envelopeDigest,
        signer,
        issuer,
        keyId,
        logIndex,
        integratedTime,
        summary);
  }
}
