package dev.shipproof.api.v1alpha1;

/** A digest rolled away from: quarantined until a Promotion overrides it with a reason. */
public class RejectedDigest {
  /** The quarantined digest, `sha256:<hex>`. */
  private String digest;

  /** The image name the digest was pinned under. */
  private String image;

  /** The rollback Promotion that rejected it. */
  private String promotion;

  /** The revert or pin commit that rolled away from it. */
  private String commit;

  /** When it was rejected (RFC 3339). */
  private String time;

  /** Why, from the rollback's reason. */
  private String reason;

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getPromotion() {
    return promotion;
  }

  public void setPromotion(String promotion) {
    this.promotion = promotion;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

}
