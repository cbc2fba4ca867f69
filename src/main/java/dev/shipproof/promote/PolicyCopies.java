package dev.shipproof.promote;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.PolicySpec;

/**
 * Deep copies of specs, so that resolving where a key comes from never edits an object that a cache
 * (the operator's informer) or a caller still holds.
 */
public final class PolicyCopies {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private PolicyCopies() {}

  /** A deep copy of a policy; {@code null} stays {@code null}. */
  public static PolicySpec copy(PolicySpec policy) {
    return policy == null ? null : JSON.convertValue(policy, PolicySpec.class);
  }

  /** A deep copy of an environment spec; {@code null} stays {@code null}. */
  public static EnvironmentSpec copy(EnvironmentSpec spec) {
    return spec == null ? null : JSON.convertValue(spec, EnvironmentSpec.class);
  }
}
