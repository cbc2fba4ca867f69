package dev.shipproof.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Kind;
import dev.shipproof.policy.Decision.Satisfied;
import dev.shipproof.policy.Decision.Unmet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether verified claims meet an environment policy. Pure: no I/O, no Kubernetes; time
 * only from the given {@link Clock} (for {@code maxAge}), keys only through the given {@link
 * KeyResolver}; the same inputs always give the same {@link Decision}.
 *
 * <p>Requirements: {@value #SIGNATURE} (a verified signature over the digest by a listed signer: a
 * message-signature bundle, a cosign {@code .sig} layer, or a cosign signing attestation {@value
 * #COSIGN_SIGN} whose subject is the digest) whenever the policy lists signers, and one per
 * attestation rule (a verified attestation of that predicate type, signed by one of the rule's
 * signers or else the policy's, whose predicate meets the rule). For an unmet requirement the
 * reason is the furthest any candidate got: {@code PredicateRejected} beats {@code
 * IdentityMismatch}, which beats {@code SubjectMismatch}, which beats {@code SignatureInvalid};
 * with no candidate it is {@code EvidenceMissing}. A policy that requires nothing, or whose rules
 * cannot be applied, is denied with {@code PolicyDenied}; one whose CEL conditions do not compile
 * with {@code InvalidEnvironment}.
 *
 * <p>Compiled policies are cached by content, so evaluating the same policy again compiles nothing.
 */
public final class PolicyEvaluator {
  /** The requirement name for a signature over the digest. */
  public static final String SIGNATURE = "signature";

  /** The predicate type of cosign v3's signing attestation: a signature in attestation form. */
  public static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";

  static final String NOTHING_REQUIRED =
      "environment policy requires nothing; refusing to promote unverified images";

  private static final int CACHE_SIZE = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final KeyResolver keys;
  private final Map<String, CompiledPolicy> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledPolicy> eldest) {
              return size() > CACHE_SIZE;
            }
          });

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

  /** One requirement judged on one digest's claims: a met claim, or why none met it. */
  private record Judged(String requirement, Verdict met, String reason, String why) {}

  /** System clock, inline PEM keys only. */
  public PolicyEvaluator() {
    this(Clock.systemUTC(), KeyResolver.INLINE_PEM);
  }

  /**
   * @param clock the time {@code maxAge} is measured against
   * @param keys resolves the key ids of {@code key} signers
   */
  public PolicyEvaluator(Clock clock, KeyResolver keys) {
    this.clock = Objects.requireNonNull(clock);
    this.keys = Objects.requireNonNull(keys);
  }

  /**
   * Evaluates the claims found for one digest, judging only that digest ({@link Platforms#EXACT}
   * whatever the policy says).
   *
   * @param policy the environment policy; {@code null} counts as empty
   * @param claims every claim the verifier produced for the digest, verified or not
   * @return the decision; never {@code null}, never an exception for a "no"
   */
  public Decision evaluate(PolicySpec policy, List<Claim> claims) {
    return evaluate(compile(policy), ImageEvidence.manifest(null, claims));
  }

  /** Evaluates the evidence of an image, honouring the policy's {@code platforms} mode. */
  public Decision evaluate(PolicySpec policy, ImageEvidence image) {
    return evaluate(compile(policy), image);
  }

  /**
   * Compiles a policy, or returns the cached compilation of an equal one.
   *
   * @param policy the environment policy; {@code null} counts as empty
   */
  public CompiledPolicy compile(PolicySpec policy) {
    String key;
    try {
      key = policy == null ? "null" : JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      return compileFresh(policy);
    }
    var cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    var compiled = compileFresh(policy);
    cache.put(key, compiled);
    return compiled;
  }

  private CompiledPolicy compileFresh(PolicySpec policy) {
    var signerSpecs = listOf(policy == null ? null : policy.getSignatures());
    var ruleSpecs = listOf(policy == null ? null : policy.getAttestations());
    if (signerSpecs.isEmpty() && ruleSpecs.isEmpty()) {
      return CompiledPolicy.refused(refusal(Reasons.POLICY_DENIED, NOTHING_REQUIRED));
    }
    var problems = new ArrayList<String>();
    var celProblems = new ArrayList<String>();
    var platforms = Platforms.parse(policy.getPlatforms());
    if (platforms == null) {
      problems.add(
          "platforms \""
              + policy.getPlatforms()
              + "\" is not one of Exact, IndexCoversChildren, EveryChild");
    }
    var signers = SignerMatcher.compile(signerSpecs, "signatures", keys, problems);
    var rules = new ArrayList<PredicateRule>();
    for (int i = 0; i < ruleSpecs.size(); i++) {
      rules.add(PredicateRule.compile(ruleSpecs.get(i), i, signers, keys, problems, celProblems));
    }
    if (!celProblems.isEmpty()) {
      celProblems.addAll(problems);
      return CompiledPolicy.refused(
          refusal(
              Reasons.INVALID_ENVIRONMENT,
              "environment policy cannot be applied: " + String.join("; ", celProblems)));
    }
    if (!problems.isEmpty()) {
      return CompiledPolicy.refused(
          refusal(
              Reasons.POLICY_DENIED,
              "environment policy cannot be applied: " + String.join("; ", problems)));
    }
    return CompiledPolicy.usable(signers, rules, platforms);
  }

  /**
   * Evaluates an image's evidence against a compiled policy.
   *
   * @return the decision; never {@code null}, never an exception for a "no"
   */
  public Decision evaluate(CompiledPolicy policy, ImageEvidence image) {
    if (!policy.usable()) {
      return policy.refusal();
    }
    var now = clock.instant();
    var satisfied = new ArrayList<Satisfied>();
    var unmet = new ArrayList<Unmet>();
    var records = new ArrayList<EvidenceRecord>();
    var own = judgeAll(policy, image.claims(), now);
    var parent = image.parent();
    var coverable =
        !image.index() && parent != null && policy.platforms() == Platforms.INDEX_COVERS_CHILDREN;
    var fromParent = coverable ? judgeAll(policy, parent.claims(), now) : null;
    for (int i = 0; i < own.size(); i++) {
      var judged = own.get(i);
      if (judged.met() == null && fromParent != null && fromParent.get(i).met() != null) {
        var met = fromParent.get(i).met();
        add(
            new Satisfied(
                judged.requirement(), met.claim(), met.text(), image.digest(), parent.digest()),
            satisfied,
            records);
      } else if (judged.met() == null && fromParent != null) {
        var why =
            judged.why()
                + "; nor does index "
                + short12(parent.digest())
                + ": "
                + fromParent.get(i).why().replaceFirst("^missing [^:]+: ", "");
        add(new Unmet(judged.requirement(), judged.reason(), why, image.digest()), unmet, records);
      } else {
        record(judged, image.digest(), "", satisfied, unmet, records);
      }
    }
    if (image.index() && policy.platforms() == Platforms.EVERY_CHILD) {
      for (var child : image.children()) {
        var label =
            (child.platform() == null ? "platform manifest " : child.platform() + " manifest ")
                + short12(child.digest())
                + ": ";
        if (child.claims() == null) {
          for (var judged : judgeAll(policy, List.of(), now)) {
            add(
                new Unmet(
                    judged.requirement(),
                    Reasons.EVIDENCE_MISSING,
                    label
                        + "missing "
                        + judged.requirement()
                        + ": the evidence of this platform manifest was not gathered",
                    child.digest()),
                unmet,
                records);
          }
          continue;
        }
        for (var judged : judgeAll(policy, child.claims(), now)) {
          record(judged, child.digest(), label, satisfied, unmet, records);
        }
      }
    }
    return decide(satisfied, unmet, records);
  }

  private static void record(
      Judged judged,
      String digest,
      String label,
      List<Satisfied> satisfied,
      List<Unmet> unmet,
      List<EvidenceRecord> records) {
    if (judged.met() != null) {
      add(
          new Satisfied(
              judged.requirement(), judged.met().claim(), judged.met().text(), digest, null),
          satisfied,
          records);
    } else {
      add(
          new Unmet(judged.requirement(), judged.reason(), label + judged.why(), digest),
          unmet,
          records);
    }
  }

  private static void add(Satisfied s, List<Satisfied> satisfied, List<EvidenceRecord> records) {
    satisfied.add(s);
    records.add(s.toEvidenceRecord());
  }

  private static void add(Unmet u, List<Unmet> unmet, List<EvidenceRecord> records) {
    unmet.add(u);
    records.add(u.toEvidenceRecord());
  }

  /** Every requirement of the policy judged on one digest's claims, in policy order. */
  private static List<Judged> judgeAll(CompiledPolicy policy, List<Claim> claims, Instant now) {
    var all = claims == null ? List.<Claim>of() : claims.stream().filter(Objects::nonNull).toList();
    var judged = new ArrayList<Judged>();
    if (!policy.signers().isEmpty()) {
      judged.add(signature(policy.signers(), all));
    }
    for (var rule : policy.rules()) {
      judged.add(attestation(rule, all, now));
    }
    return judged;
  }

  private static Judged signature(SignerMatcher signers, List<Claim> claims) {
    // cosign v3 signs an image with a DSSE statement of this type whose subject is the digest; the
    // verifier has checked that subject, so it is a signature over the digest in another shape.
    var candidates =
        claims.stream()
            .filter(
                c ->
                    c.kind() == Kind.SIGNATURE
                        || (c.kind() == Kind.ATTESTATION && COSIGN_SIGN.equals(c.predicateType())))
            .toList();
    return judge(
        SIGNATURE,
        candidates,
        claim ->
            identity(
                signers,
                claim,
                claim.kind() == Kind.SIGNATURE
                    ? "signature over the digest"
                    : "cosign signing attestation over the digest"));
  }

  private static Judged attestation(PredicateRule rule, List<Claim> claims, Instant now) {
    var type = rule.predicateType();
    // Until a DSSE envelope verifies, its predicate type is unknown; such a rejected claim may
    // have been meant for any attestation requirement, so it explains all of them.
    var candidates =
        claims.stream()
            .filter(c -> c.kind() == Kind.ATTESTATION)
            .filter(
                c -> type.equals(c.predicateType()) || (!c.verified() && c.predicateType() == null))
            .toList();
    return judge(
        type,
        candidates,
        claim -> {
          var verdict = identity(rule.signers(), claim, null);
          if (verdict.stage() != Stage.MET) {
            return verdict;
          }
          var statement = claim.origin() == null ? null : claim.origin().statementJson();
          var check = rule.check(claim.predicateJson(), statement, now);
          return new Verdict(
              claim, check.met() ? Stage.MET : Stage.PREDICATE_REJECTED, check.text());
        });
  }

  private static Verdict identity(SignerMatcher signers, Claim claim, String summary) {
    if (!claim.verified()) {
      return rejected(claim);
    }
    if (!signers.matches(claim.signer())) {
      return new Verdict(claim, Stage.IDENTITY_MISMATCH, signers.whyNot(claim.signer()));
    }
    return new Verdict(claim, Stage.MET, summary);
  }

  private static Judged judge(
      String requirement, List<Claim> candidates, Function<Claim, Verdict> rule) {
    var verdicts = candidates.stream().map(rule).toList();
    var met = verdicts.stream().filter(v -> v.stage() == Stage.MET).findFirst();
    if (met.isPresent()) {
      return new Judged(requirement, met.get(), null, null);
    }
    var ranked = verdicts.stream().sorted(Comparator.comparing(Verdict::stage).reversed()).toList();
    var reason = ranked.isEmpty() ? Reasons.EVIDENCE_MISSING : ranked.get(0).stage().reason;
    return new Judged(requirement, null, reason, "missing " + requirement + ": " + explain(ranked));
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

  private static Decision decide(
      List<Satisfied> satisfied, List<Unmet> unmet, List<EvidenceRecord> records) {
    if (!unmet.isEmpty()) {
      var message = unmet.stream().map(Unmet::message).collect(Collectors.joining("; "));
      return new Decision(false, unmet.get(0).reason(), message, satisfied, unmet, records);
    }
    var message =
        "all requirements met: "
            + satisfied.stream()
                .map(
                    s ->
                        s.requirement()
                            + " ("
                            + (s.coveredBy() != null ? "index " + short12(s.coveredBy()) + " " : "")
                            + s.claim().source()
                            + ", "
                            + s.summary()
                            + ")")
                .collect(Collectors.joining(", "));
    return new Decision(true, Reasons.EVIDENCE_VERIFIED, message, satisfied, List.of(), records);
  }

  private static Decision refusal(String reason, String message) {
    return new Decision(
        false, reason, message, List.of(), List.of(new Unmet("policy", reason, message)));
  }

  private static String short12(String digest) {
    if (digest == null) {
      return "(unknown)";
    }
    int colon = digest.indexOf(':');
    return digest.substring(0, Math.min(digest.length(), colon + 13));
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }
}
