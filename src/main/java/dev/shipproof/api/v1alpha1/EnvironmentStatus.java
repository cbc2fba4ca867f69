package dev.shipproof.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of an Environment, written by the operator when a promotion lands or rolls back.
 */
public class EnvironmentStatus {
  /** The digest the last landed promotion pinned. */
  private String currentDigest;

  /** The first 12 hex digits of the current digest, for `kubectl get`. */
  private String shortDigest;

  /** The commit that pinned the current digest. */
  private String currentCommit;

  /** The Promotion that last landed. */
  private String lastPromotion;

  /** When it landed (RFC 3339). */
  private String lastPromotionTime;

  /** How many digests are quarantined. */
  private int quarantined;

  /** Digests rolled away from. A new Promotion of one fails unless it carries an override. */
  private List<RejectedDigest> rejectedDigests = new ArrayList<>();

  public String getCurrentDigest() {
    return currentDigest;
  }

  public void setCurrentDigest(String currentDigest) {
    this.currentDigest = currentDigest;
  }

  public String getShortDigest() {
    return shortDigest;
  }

  public void setShortDigest(String shortDigest) {
    this.shortDigest = shortDigest;
  }

  public String getCurrentCommit() {
    return currentCommit;
  }

  public void setCurrentCommit(String currentCommit) {
    this.currentCommit = currentCommit;
  }

  public String getLastPromotion() {
    return lastPromotion;
  }

  public void setLastPromotion(String lastPromotion) {
    this.lastPromotion = lastPromotion;
  }

  public String getLastPromotionTime() {
    return lastPromotionTime;
  }

  public void setLastPromotionTime(String lastPromotionTime) {
    this.lastPromotionTime = lastPromotionTime;
  }

  public int getQuarantined() {
    return quarantined;
  }

  public void setQuarantined(int quarantined) {
    this.quarantined = quarantined;
  }

  public List<RejectedDigest> getRejectedDigests() {
    return rejectedDigests;
  }

  public void setRejectedDigests(List<RejectedDigest> rejectedDigests) {
    this.rejectedDigests = rejectedDigests;
  }

}
