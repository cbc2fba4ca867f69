package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.policy.Decision.Satisfied;
import dev.shipproof.policy.Decision.Unmet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether verified claims meet an environment policy. Pure: no I/O, no clock, no
 * Kubernetes; the same inputs always give the same {@link Decision}.
 *
 * <p>Requirements: {@value #SIGNATURE} (a verified signature over the digest by a listed signer)
 * whenever the policy lists signers, and one per attestation rule (a verified attestation of that
 * predicate type, by a listed signer, whose predicate meets the rule). Attestations are signed by
 * the same signer list as signatures. For an unmet requirement the reason is the furthest any
 * candidate got: {@code PredicateRejected} beats {@code IdentityMismatch}, which beats {@code
 * SubjectMismatch}, which beats {@code SignatureInvalid}; with no candidate it is {@code
 * EvidenceMissing}. A policy that cannot be applied, or that requires nothing, is denied with
 * {@code PolicyDenied}.
 */
public final class PolicyEvaluator {
  /** The requirement name for a signature over the digest. */
  public static final String SIGNATURE = "signature";

  static final String NOTHING_REQUIRED =
      "environment policy requires nothing; refusing to promote unverified images";

  /** How far a candidate got; declared from least to most specific. */
  private enum Stage {
    NOT_VERIFIABLE(Reasons.EVIDENCE_MISSING),
    SIGNATURE_INVALID(Reasons.SIGNATURE_INVALID),
    SUBJECT_MISMATCH(Reasons.SUBJECT_MISMATCH),
    IDENTITY_MISMATCH(Reasons.IDENTITY_MISMATCH),
    PREDICATE_REJECTED(Reasons.PREDICATE_REJECTED),
    MET(null);

    private final String reason;

    Stage(String reason) {
      this.reason = reason;
    }
  }

  /** One candidate's outcome: a summary when met, else why not (without the source). */
  private record Verdict(Claim claim, Stage stage, String text) {}

  /**
   * Evaluates the claims found for one digest.
   *
   * @param policy the environment policy; {@code null} counts as empty
   * @param claims every claim the verifier produced for the digest, verified or not
   * @return the decision; never {@code null}, never an exception for a "no"
   */
  public Decision evaluate(PolicySpec policy, List<Claim> claims) {
    var signerSpecs = listOf(policy == null ? null : policy.getSignatures());
    var ruleSpecs = listOf(policy == null ? null : policy.getAttestations());
    if (signerSpecs.isEmpty() && ruleSpecs.isEmpty()) {
      return policyDenied(NOTHING_REQUIRED);
    }
    var problems = new ArrayList<String>();
    if (signerSpecs.isEmpty()) {
      problems.add(
          "the policy lists attestations but no signers, and every attestation must be"
              + " signed by a listed signer");
    }
    var signers = SignerMatcher.compile(signerSpecs, problems);
    var rules = new ArrayList<PredicateRule>();
    for (int i = 0; i < ruleSpecs.size(); i++) {
      rules.add(PredicateRule.compile(ruleSpecs.get(i), i, problems));
    }
    if (!problems.isEmpty()) {
      return policyDenied("environment policy cannot be applied: " + String.join("; ", problems));
    }
    var all = claims == null ? List.<Claim>of() : claims.stream().filter(Objects::nonNull).toList();
    var satisfied = new ArrayList<Satisfied>();
    var unmet = new ArrayList<Unmet>();
    var evaluator = new Requirements(signers, all, satisfied, unmet);
    evaluator.signature();
    rules.forEach(evaluator::attestation);
    return decide(satisfied, unmet);
  }

  /** Evaluates requirements one by one, collecting what was met and what was not. */
  private record Requirements(
      SignerMatcher signers, List<Claim> claims, List<Satisfied> satisfied, List<Unmet> unmet) {

    void signature() {
      var candidates = claims.stream().filter(c -> c.kind() == Kind.SIGNATURE).toList();
      judge(SIGNATURE, candidates, claim -> identity(claim, "signature over the digest"));
    }

    void attestation(PredicateRule rule) {
      var type = rule.predicateType();
      // Until a DSSE envelope verifies, its predicate type is unknown; such a rejected claim may
      // have been meant for any attestation requirement, so it explains all of them.
      var candidates =
          claims.stream()
              .filter(c -> c.kind() == Kind.ATTESTATION)
              .filter(
                  c ->
                      type.equals(c.predicateType())
                          || (!c.verified() && c.predicateType() == null))
              .toList();
      judge(
          type,
          candidates,
          claim -> {
            var verdict = identity(claim, null);
            if (verdict.stage() != Stage.MET) {
              return verdict;
            }
            var check = rule.check(claim.predicateJson());
            return new Verdict(
                claim, check.met() ? Stage.MET : Stage.PREDICATE_REJECTED, check.text());
          });
    }

    private Verdict identity(Claim claim, String summary) {
      if (!claim.verified()) {
        return rejected(claim);
      }
      if (!signers.matches(claim.signer())) {
        var signer = claim.signer();
        var who =
            signer == null || signer.subject() == null ? "an unknown signer" : signer.subject();
        if (signer != null && signer.issuer() != null && !signers.knowsIssuer(signer.issuer())) {
          who += " (issuer " + signer.issuer() + ")";
        }
        return new Verdict(
            claim,
            Stage.IDENTITY_MISMATCH,
            "is signed by " + who + " which matches no signer in the policy");
      }
      return new Verdict(claim, Stage.MET, summary);
    }

    private void judge(String requirement, List<Claim> candidates, Function<Claim, Verdict> rule) {
      var verdicts = candidates.stream().map(rule).toList();
      var met = verdicts.stream().filter(v -> v.stage() == Stage.MET).findFirst();
      if (met.isPresent()) {
        satisfied.add(new Satisfied(requirement, met.get().claim(), met.get().text()));
        return;
      }
      var ranked =
          verdicts.stream().sorted(Comparator.comparing(Verdict::stage).reversed()).toList();
      var reason = ranked.isEmpty() ? Reasons.EVIDENCE_MISSING : ranked.get(0).stage().reason;
      unmet.add(new Unmet(requirement, reason, "missing " + requirement + ": " + explain(ranked)));
    }
  }

  private static Verdict rejected(Claim claim) {
    var detail = claim.detail() == null ? "no detail" : claim.detail();
    var rejection =
        claim.rejection() == null ? Claim.Rejection.SIGNATURE_INVALID : claim.rejection();
    return switch (rejection) {
      case SIGNATURE_INVALID ->
          new Verdict(
              claim,
              Stage.SIGNATURE_INVALID,
              "fails verification: " + detail.replaceFirst("^signature invalid: ", ""));
      case MALFORMED -> new Verdict(claim, Stage.SIGNATURE_INVALID, "cannot be read: " + detail);
      case SUBJECT_MISMATCH ->
          new Verdict(claim, Stage.SUBJECT_MISMATCH, "names another digest: " + detail);
      case UNSUPPORTED -> new Verdict(claim, Stage.NOT_VERIFIABLE, "cannot be verified: " + detail);
    };
  }

  private static String explain(List<Verdict> ranked) {
    if (ranked.isEmpty()) {
      return "nothing attached to the digest provides it";
    }
    if (ranked.size() == 1) {
      var only = ranked.get(0);
      return "the only candidate (" + only.claim().source() + ") " + only.text();
    }
    return "none of "
        + ranked.size()
        + " candidates qualifies ("
        + ranked.stream()
            .map(v -> v.claim().source() + " " + v.text())
            .collect(Collectors.joining("; "))
        + ")";
  }

  private static Decision decide(List<Satisfied> satisfied, List<Unmet> unmet) {
    if (!unmet.isEmpty()) {
      var message = unmet.stream().map(Unmet::message).collect(Collectors.joining("; "));
      return new Decision(false, unmet.get(0).reason(), message, satisfied, unmet);
    }
    var message =
        "all requirements met: "
            + satisfied.stream()
                .map(s -> s.requirement() + " (" + s.claim().source() + ", " + s.summary() + ")")
                .collect(Collectors.joining(", "));
    return new Decision(true, Reasons.EVIDENCE_VERIFIED, message, satisfied, List.of());
  }

  private static Decision policyDenied(String message) {
    return new Decision(
        false,
        Reasons.POLICY_DENIED,
        message,
        List.of(),
        List.of(new Unmet("policy", Reasons.POLICY_DENIED, message)));
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }
}
