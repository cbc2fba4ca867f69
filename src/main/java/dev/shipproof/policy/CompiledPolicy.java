package dev.shipproof.policy;

import java.util.List;

/**
 * A policy checked and compiled once (regular expressions, CEL programs), ready to judge any number
 * of digests. Get one from {@link PolicyEvaluator#compile}; a policy that cannot be applied is
 * still a value, and every evaluation of it is a denial that says why.
 */
public final class CompiledPolicy {
  private final SignerMatcher signers;
  private final List<PredicateRule> rules;
  private final Platforms platforms;
  private final Decision refusal;

  private CompiledPolicy(
      SignerMatcher signers, List<PredicateRule> rules, Platforms platforms, Decision refusal) {
    this.signers = signers;
    this.rules = rules;
    this.platforms = platforms;
    this.refusal = refusal;
  }

  static CompiledPolicy usable(SignerMatcher signers, List<PredicateRule> rules, Platforms mode) {
    return new CompiledPolicy(signers, List.copyOf(rules), mode, null);
  }

  static CompiledPolicy refused(Decision refusal) {
    return new CompiledPolicy(null, List.of(), Platforms.EXACT, refusal);
  }

  /** True when the policy can be applied. */
  public boolean usable() {
    return refusal == null;
  }

  /** The denial every evaluation gives when the policy cannot be applied, else null. */
  public Decision refusal() {
    return refusal;
  }

  /** The multi-arch mode; {@link Platforms#EXACT} when unusable. */
  public Platforms platforms() {
    return platforms;
  }

  SignerMatcher signers() {
    return signers;
  }

  List<PredicateRule> rules() {
    return rules;
  }
}
