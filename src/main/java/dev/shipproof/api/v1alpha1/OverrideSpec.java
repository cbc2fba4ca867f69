package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/**
 * A recorded decision to bypass a quarantine or an upstream gate. Never bypasses evidence checks.
 */
public class OverrideSpec {
  /** Why the gate is bypassed; written into the commit's trailers. */
  @Required private String reason;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

}
