package dev.shipproof.api.v1alpha1;

import java.util.Objects;

/** Which signature or attestation met one policy requirement, and who signed it. */
public class EvidenceRecord {
  /** The requirement: {@code signature} or an attestation predicate type. */
  private String requirement;

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

  @Override
  public boolean equals(Object o) {
    return o instanceof EvidenceRecord r
        && Objects.equals(requirement, r.requirement)
        && Objects.equals(source, r.source)
        && Objects.equals(signer, r.signer)
        && Objects.equals(issuer, r.issuer)
        && Objects.equals(summary, r.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requirement, source, signer, issuer, summary);
  }
}
