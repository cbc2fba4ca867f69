package dev.shipproof.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator decided and did. Written only by the operator. */
public class PromotionStatus {
  private String shortDigest;

  private Phase phase;

  private String shortCommit;

  private Long observedGeneration;

  /** The promoted digest, {@code sha256:<hex>}, once the spec was accepted. */
  private String digest;

  /** The commit that pins the digest: pushed by this promotion, or found already there. */
  private String commit;

  /** Which evidence met each policy requirement. */
  private List<EvidenceRecord> evidence = new ArrayList<>();

  private List<Condition> conditions = new ArrayList<>();

  /** A one-line human summary of the outcome. */
  private String message;

  /** For a rollback: the commit that was reverted (or superseded, with strategy pin). */
  private String revertOf;

  public String getShortDigest() {
    return shortDigest;
  }

  public void setShortDigest(String shortDigest) {
    this.shortDigest = shortDigest;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getShortCommit() {
    return shortCommit;
  }

  public void setShortCommit(String shortCommit) {
    this.shortCommit = shortCommit;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public List<EvidenceRecord> getEvidence() {
    return evidence;
  }

  public void setEvidence(List<EvidenceRecord> evidence) {
    this.evidence = evidence;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRevertOf() {
    return revertOf;
  }

  public void setRevertOf(String revertOf) {
    this.revertOf = revertOf;
  }
}
