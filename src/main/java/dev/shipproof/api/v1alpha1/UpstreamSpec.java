package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

/** The environment a digest must have reached, verified, before it may enter this one. */
public class UpstreamSpec {
  /** Name of the upstream Environment in the same namespace. */
  @Required private String environment;

  /** Accept a digest the upstream has since rolled away from or replaced. */
  private boolean allowRolledBack;

  /**
   * How long the digest must have been pinned upstream, as a duration such as `30m`, `2h` or
   * `1h30m`.
   */
  private String minSoak;

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public boolean isAllowRolledBack() {
    return allowRolledBack;
  }

  public void setAllowRolledBack(boolean allowRolledBack) {
    this.allowRolledBack = allowRolledBack;
  }

  public String getMinSoak() {
    return minSoak;
  }

  public void setMinSoak(String minSoak) {
    this.minSoak = minSoak;
  }

}
