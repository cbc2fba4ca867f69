package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What to promote where. Immutable: a different request is a new Promotion. */
@ValidationRule(
    value = "self == oldSelf",
    message = "a Promotion's spec is immutable; create a new Promotion")
public class PromotionSpec {
  /** Name of an Environment in the same namespace. */
  @Required private String environment;

  /** The image by digest: {@code name@sha256:<64 hex>}. A tag alone is refused. */
  @Required private String image;

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
}
