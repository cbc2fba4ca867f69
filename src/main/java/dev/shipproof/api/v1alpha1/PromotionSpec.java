package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What to promote where. Immutable: a different request is a new Promotion. */
@ValidationRule(
    value = "self == oldSelf",
    message = "a Promotion's spec is immutable; create a new Promotion")
@ValidationRule(
    value = "has(self.image) != has(self.rollback)",
    message = "set exactly one of image or rollback")
public class PromotionSpec {
  /** What {@link #image} must look like: a name, one {@code @}, a sha256 digest. */
  public static final String IMAGE_BY_DIGEST = "^[^@\\s]+@sha256:[a-f0-9]{64}$";

  /** Name of an Environment in the same namespace. */
  @Required private String environment;

  /**
   * The image by digest: {@code name@sha256:<64 hex>}. A tag alone is refused, by the API server
   * (this pattern) and again by the operator ({@code DigestRequired}) for clients that skip it.
   */
  @Pattern(IMAGE_BY_DIGEST)
  private String image;

  /** Instead of an image: roll the environment back. */
  private RollbackSpec rollback;

  /** Bypass a quarantine or upstream gate, with a recorded reason. */
  private OverrideSpec override;

  /** Why: goes into the commit message body. */
  private String reason;

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public RollbackSpec getRollback() {
    return rollback;
  }

  public void setRollback(RollbackSpec rollback) {
    this.rollback = rollback;
  }

  public OverrideSpec getOverride() {
    return override;
  }

  public void setOverride(OverrideSpec override) {
    this.override = override;
  }
}
