package dev.shipproof.promote;

import dev.shipproof.model.ImageRef;
import dev.shipproof.policy.Decision;

/**
 * What {@link Promoter#check} found for one digest: a policy decision, or a refusal before the
 * policy could be applied (the registry's content was refused, or went past a bound). Exactly one
 * of the two is set.
 *
 * @param ref the checked digest reference
 * @param decision the policy decision, or {@code null} when {@code refused} is set
 * @param refused why the digest was refused before any verification, or {@code null}
 */
public record DigestCheck(ImageRef ref, Decision decision, Outcome.Refused refused) {

  /** True only when the policy allowed the digest. */
  public boolean allowed() {
    return decision != null && decision.allowed();
  }

  /** A constant of {@link dev.shipproof.api.v1alpha1.Reasons}. */
  public String reason() {
    return decision != null ? decision.reason() : refused.reason();
  }

  /** A sentence for humans. */
  public String message() {
    return decision != null ? decision.message() : refused.message();
  }
}
