package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitUrls;
import dev.shipproof.gitops.HistoryEntry;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.RollbackPlan;
import dev.shipproof.gitops.RollbackQuery;
import dev.shipproof.gitops.RollbackTo;
import dev.shipproof.gitops.RollbackWorkspace;
import dev.shipproof.model.ImageRef;
import dev.shipproof.policy.Decision;
import dev.shipproof.registry.RegistryException;
import java.util.List;
import java.util.Locale;

/**
 * One rollback, step by step: accept the spec, find in git the commit that pinned the current
 * digest and the earlier pin to go back to, check the quarantine, verify the target digest under
 * today's policy with the same code a forward promotion uses, then revert (or pin forward) and
 * push. A target earns no trust because it ran before.
 */
final class RollbackRun {
  static final String REVERT = "revert";
  static final String PIN = "pin";

  private final Promoter promoter;
  private final PromotionRequest request;
  private final Progress progress;

  RollbackRun(Promoter promoter, PromotionRequest request, Progress progress) {
    this.promoter = promoter;
    this.request = request;
    this.progress = progress;
  }

  Outcome run() throws PromotionOutage {
    Outcome.Refused bad = checkSpec();
    if (bad != null) {
      return bad;
    }
    RollbackSpec spec = request.rollback();
    RollbackTo to = RollbackTo.parse(spec.getTo()).orElseThrow();
    boolean pin = PIN.equals(strategy(spec));
    RollbackWorkspace git = promoter.rollbacks();
    if (git == null) {
      throw new IllegalStateException("rollbacks need a git port that reads history");
    }
    RollbackQuery query = query(to);
    progress.step("rollback", "looking up the current pin in " + where());
    RollbackPlan plan = plan(git, query);

    if (plan instanceof RollbackPlan.Refused r) {
      return Promoter.refused(Outcome.Stage.SPEC, r.reason(), null, List.of(), r.message());
    }
    if (plan instanceof RollbackPlan.AlreadyLanded a) {
      return alreadyLanded(a.landed(), a.superseded());
    }
    if (plan instanceof RollbackPlan.AlreadyThere t) {
      return alreadyThere(t.current());
    }
    RollbackPlan.Ready ready = (RollbackPlan.Ready) plan;
    progress.step("rollback", describe(ready));

    ImageRef ref = ImageRef.parseDigestReference(ready.image() + "@" + ready.target().digest());
    Outcome.Refused quarantined = Quarantines.refusal(promoter.quarantine(request), request, ref);
    if (quarantined != null) {
      return quarantined;
    }

    Decision decision;
    try {
      PromotionRequest check = forTarget(ref);
      decision = promoter.verify(check, ref, promoter.gather(check, ref, progress), progress);
    } catch (RegistryException e) {
      return Promoter.registryProblem(ref, e);
    }
    if (!decision.allowed()) {
      return Promoter.refused(
          Outcome.Stage.EVIDENCE,
          decision.reason(),
          ref.digest(),
          decision.evidenceRecords(),
          "rollback target "
              + ref.shortDigest()
              + " fails today's policy of "
              + request.environmentName()
              + " (having run before earns it no trust): "
              + decision.message());
    }

    return write(git, query, ready, pin, ref, decision.evidenceRecords());
  }

  private Outcome.Refused checkSpec() {
    RollbackSpec spec = request.rollback();
    if (spec == null || request.image() != null) {
      return invalid(
          spec == null
              ? "set spec.image (a digest to promote) or spec.rollback (what to go back to)"
              : "set exactly one of spec.image and spec.rollback, not both");
    }
    String problem = EnvironmentCheck.problem(request.environment());
    if (problem != null) {
      return Promoter.refused(
          Outcome.Stage.SPEC,
          Reasons.INVALID_ENVIRONMENT,
          null,
          List.of(),
          "Environment " + request.environmentName() + " cannot be used: " + problem);
    }
    if (RollbackTo.parse(spec.getTo()).isEmpty()) {
      return invalid(
          "spec.rollback.to \"" + oneLine(spec.getTo()) + "\" is not one of " + RollbackTo.FORMS);
    }
    String strategy = strategy(spec);
    if (!REVERT.equals(strategy) && !PIN.equals(strategy)) {
      return invalid(
          "spec.rollback.strategy \"" + oneLine(spec.getStrategy()) + "\" is not revert or pin");
    }
    return null;
  }

  private static String strategy(RollbackSpec spec) {
    String s = spec.getStrategy();
    return s == null || s.isBlank() ? REVERT : s.strip().toLowerCase(Locale.ROOT);
  }

  private RollbackQuery query(RollbackTo to) {
    EnvironmentSpec env = request.environment();
    return new RollbackQuery(
        env.getGit().getUrl(),
        env.getGit().getBranch(),
        request.environmentName(),
        Promoter.descriptors(env.getTargets()),
        to,
        request.uid(),
        promoter.limits().rollbackWalk(),
        request.gitAccess(),
        request.created());
  }

  private RollbackPlan plan(RollbackWorkspace git, RollbackQuery query) throws PromotionOutage {
    try {
      return git.plan(query);
    } catch (GitException e) {
      throw GitFailures.outage(e, null);
    }
  }

  /** The request as a forward promotion of the target, for the shared gather and verify steps. */
  private PromotionRequest forTarget(ImageRef ref) {
    return request.forwardTo(ref.toString());
  }

  private Outcome write(
      RollbackWorkspace git,
      RollbackQuery query,
      RollbackPlan.Ready ready,
      boolean pin,
      ImageRef ref,
      List<EvidenceRecord> evidence)
      throws PromotionOutage {
    EnvironmentSpec env = request.environment();
    String message =
        CommitMessage.build(
            Promoter.promotionInfo(request, ref, evidence),
            new CommitMessage.Extras(
                ready.revert(), ready.current().digest(), request.overrideReason()));
    PublishRequest write =
        Promoter.publishRequest(
                env,
                Promoter.targetsFor(env, ref),
                ref,
                message,
                request.uid(),
                request.gitAccess(),
                request.created())
            .withGuard(Quarantines.atTip(request, ref, promoter.limits().quarantineWalk()));
    PublishOutcome outcome;
    try {
      outcome = git.rollBack(query, ready, pin, write);
    } catch (GitException e) {
      throw GitFailures.outage(e, null);
    }
    Outcome.Rollback rollback =
        new Outcome.Rollback(
            ready.image(), ready.revert(), ready.current().digest(), request.reason());
    if (outcome instanceof PublishOutcome.Pushed pushed) {
      String how = pin ? "pinned it forward, superseding " : "reverted ";
      progress.step("git", "pushed " + Promoter.shortSha(pushed.commit()) + " to " + where());
      return new Outcome.Landed(
          ref.digest(),
          pushed.commit(),
          false,
          evidence,
          "rolled "
              + request.environmentName()
              + " back from "
              + ImageRef.shortDigest(ready.current().digest())
              + " to "
              + ref.shortDigest()
              + ": "
              + how
              + shortList(ready.revert())
              + " as "
              + Promoter.shortSha(pushed.commit())
              + " in "
              + where(),
          rollback);
    }
    if (outcome instanceof PublishOutcome.AlreadyLanded landed) {
      // Pushed before a crash and still the current pin: recorded as pushed (see Promoter).
      return new Outcome.Landed(
          ref.digest(),
          landed.commit(),
          landed.superseded(),
          evidence,
          "this rollback already landed as "
              + Promoter.shortSha(landed.commit())
              + "; nothing pushed",
          rollback);
    }
    if (outcome instanceof PublishOutcome.AlreadyUpToDate same) {
      return new Outcome.Landed(
          ref.digest(), same.commit(), true, evidence, "already pinned; nothing pushed", rollback);
    }
    if (outcome instanceof PublishOutcome.Refused r) {
      return Promoter.refused(Outcome.Stage.GIT, r.reason(), ref.digest(), evidence, r.message());
    }
    PublishOutcome.Rejected r = (PublishOutcome.Rejected) outcome;
    return Promoter.refused(Outcome.Stage.GIT, r.reason(), ref.digest(), evidence, r.message());
  }

  private Outcome alreadyLanded(HistoryEntry landed, boolean superseded) {
    progress.step("git", "this rollback landed before as " + landed.shortCommit());
    return new Outcome.Landed(
        landed.digest(),
        landed.commit(),
        superseded,
        List.of(),
        "this rollback already landed in "
            + where()
            + " as "
            + landed.shortCommit()
            + "; nothing pushed",
        new Outcome.Rollback(
            landed.image(), landed.revertOf(), landed.rejectedDigest(), request.reason()));
  }

  private Outcome alreadyThere(HistoryEntry current) {
    return new Outcome.Landed(
        current.digest(),
        current.commit(),
        true,
        List.of(),
        request.environmentName()
            + " already runs "
            + ImageRef.shortDigest(current.digest())
            + " (pinned by "
            + current.shortCommit()
            + "); nothing to roll back",
        new Outcome.Rollback(current.image(), List.of(), null, request.reason()));
  }

  private String describe(RollbackPlan.Ready ready) {
    return "current "
        + ImageRef.shortDigest(ready.current().digest())
        + " pinned by "
        + ready.current().shortCommit()
        + "; going back to "
        + ImageRef.shortDigest(ready.target().digest())
        + " pinned by "
        + ready.target().shortCommit()
        + " ("
        + ready.target().promotion()
        + ")"
        + "; to revert: "
        + shortList(ready.revert());
  }

  private static String shortList(List<String> commits) {
    return String.join(", ", commits.stream().map(Promoter::shortSha).toList());
  }

  private String where() {
    var git = request.environment().getGit();
    return GitUrls.redact(git.getUrl()) + " (" + git.getBranch() + ")";
  }

  private Outcome.Refused invalid(String message) {
    return Promoter.refused(Outcome.Stage.SPEC, Reasons.INVALID_ROLLBACK, null, List.of(), message);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ").strip();
  }
}
