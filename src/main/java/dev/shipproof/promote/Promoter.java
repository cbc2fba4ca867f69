package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.evidence.EvidenceVerifier;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitUrls;
import dev.shipproof.gitops.GitWorkspace;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.RollbackWorkspace;
import dev.shipproof.gitops.TargetOptions;
import dev.shipproof.model.Claim;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import dev.shipproof.policy.Decision;
import dev.shipproof.policy.PolicyEvaluator;
import dev.shipproof.registry.FetchedManifest;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.RegistryException;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * One promotion, step by step: accept the reference, fetch and hash the manifest, collect and
 * verify the evidence, evaluate the policy, pin the digest in git. Knows nothing of Kubernetes, so
 * the operator and the CLI share it.
 */
public final class Promoter {
  private static final Logger LOG = Logger.getLogger(Promoter.class);

  private final ImageSources images;
  private final EvidenceVerifier verifier;
  private final GitWorkspace git;
  private final PolicyEvaluator policy = new PolicyEvaluator();
  private final RollbackWorkspace rollbacks;
  private final HistoryLimits limits;

  public Promoter(ImageSources images, EvidenceVerifier verifier, GitWorkspace git) {
    this(images, verifier, git, HistoryLimits.DEFAULTS);
  }

  /**
   * A promoter that also rolls back when {@code git} can read history (a {@link RollbackWorkspace},
   * as {@link dev.shipproof.gitops.JgitWorkspace} is).
   */
  public Promoter(
      ImageSources images, EvidenceVerifier verifier, GitWorkspace git, HistoryLimits limits) {
    this.images = images;
    this.verifier = verifier;
    this.git = git;
    this.rollbacks = git instanceof RollbackWorkspace r ? r : null;
    this.limits = limits;
  }

  /**
   * Runs the promotion. Returns the decision; throws {@link PromotionOutage} when something it
   * depends on is unavailable and the same request may succeed later.
   */
  public Outcome promote(PromotionRequest request, Progress progress) throws PromotionOutage {
    if (request.rollback() != null || request.image() == null) {
      return new RollbackRun(this, request, progress).run();
    }
    Outcome.Refused badSpec = checkSpec(request);
    if (badSpec != null) {
      return badSpec;
    }
    ImageRef ref = ImageRef.parseDigestReference(request.image());
    Outcome.Refused quarantined = Quarantines.refusal(quarantine(request), request, ref);
    if (quarantined != null) {
      return quarantined;
    }

    Gathered gathered;
    try {
      gathered = gather(request, ref, progress);
    } catch (RegistryException e) {
      return registryProblem(ref, e);
    }

    Decision decision = verify(request, ref, gathered, progress);
    if (!decision.allowed()) {
      return refused(
          Outcome.Stage.EVIDENCE,
          decision.reason(),
          ref.digest(),
          decision.evidenceRecords(),
          decision.message());
    }

    List<TargetSpec> targets = targetsFor(request.environment(), ref);
    return publish(request, ref, targets, decision.evidenceRecords(), progress);
  }

  /** The manifest as fetched and hashed, and the unverified evidence attached to its digest. */
  record Gathered(FetchedManifest manifest, List<EvidenceItem> items) {}

  /** A refusal when the request can never succeed as written, else {@code null}. */
  private static Outcome.Refused checkSpec(PromotionRequest request) {
    ImageRef ref;
    try {
      ref = ImageRef.parseDigestReference(request.image());
    } catch (ImageRefException e) {
      return refused(Outcome.Stage.SPEC, e.reason(), null, List.of(), e.getMessage());
    }
    if (!ref.digest().startsWith("sha256:")) {
      // OCI referrers tags, cosign tags and in-toto subjects name sha256 digests.
      String algorithm = ref.digest().substring(0, ref.digest().indexOf(':'));
      return refused(
          Outcome.Stage.SPEC,
          Reasons.INVALID_REFERENCE,
          null,
          List.of(),
          "image " + ref + " uses a " + algorithm + " digest; only sha256 digests can be promoted");
    }
    String invalid = EnvironmentCheck.problem(request.environment());
    if (invalid != null) {
      return refused(
          Outcome.Stage.SPEC,
          Reasons.INVALID_ENVIRONMENT,
          ref.digest(),
          List.of(),
          "Environment " + request.environmentName() + " cannot be used: " + invalid);
    }
    if (targetsFor(request.environment(), ref).isEmpty()) {
      return refused(
          Outcome.Stage.SPEC,
          Reasons.TARGET_NOT_FOUND,
          ref.digest(),
          List.of(),
          "Environment " + request.environmentName() + " has no target for image " + ref.name());
    }
    return null;
  }

  /** The rollback port, or {@code null} when this promoter's git port cannot read history. */
  RollbackWorkspace rollbacks() {
    return rollbacks;
  }

  HistoryLimits limits() {
    return limits;
  }

  /** The request's quarantine ledger, else the one its branch's trailers record. */
  QuarantineLedger quarantine(PromotionRequest request) {
    if (request.quarantine() != null) {
      return request.quarantine();
    }
    return quarantineFromGit(request.environmentName(), request.environment());
  }

  /**
   * The quarantine an environment's branch records in its trailers, read once on first use; {@link
   * QuarantineLedger#NONE} when this promoter's git port cannot read history.
   */
  public QuarantineLedger quarantineFromGit(String environmentName, EnvironmentSpec environment) {
    if (rollbacks == null) {
      return QuarantineLedger.NONE;
    }
    return new GitQuarantineLedger(
        rollbacks, environmentName, environment, limits.quarantineWalk());
  }

  Gathered gather(PromotionRequest request, ImageRef ref, Progress progress)
      throws RegistryException {
    ImageSource source = images.open(ref, insecure(request.environment()));
    progress.step("fetch", "manifest " + ref);
    FetchedManifest manifest = source.fetchManifest(ref);
    progress.step(
        "fetch",
        manifest.mediaType()
            + ", "
            + manifest.bytes().length
            + " bytes, hash matches "
            + ref.shortDigest());
    List<EvidenceItem> items = source.collectEvidence(ref);
    progress.step("evidence", items.size() + " item(s) attached to " + ref.shortDigest());
    return new Gathered(manifest, items);
  }

  Decision verify(PromotionRequest request, ImageRef ref, Gathered gathered, Progress progress) {
    List<Claim> claims =
        verifier.verify(
            ref.digest(), gathered.manifest().bytes(), gathered.items(), request.trust());
    claims.forEach(c -> progress.step("verify", describe(c)));
    Decision decision = policy.evaluate(request.environment().getPolicy(), claims);
    progress.step(
        "policy",
        decision.allowed()
            ? "allowed: " + EvidenceSummary.of(decision.evidenceRecords())
            : "denied: " + decision.message());
    return decision;
  }

  private Outcome publish(
      PromotionRequest request,
      ImageRef ref,
      List<TargetSpec> targets,
      List<EvidenceRecord> evidence,
      Progress progress)
      throws PromotionOutage {
    EnvironmentSpec env = request.environment();
    String message =
        CommitMessage.build(
            new PromotionInfo(
                request.namespace(),
                request.name(),
                request.uid(),
                request.environmentName(),
                ref,
                request.reason(),
                EvidenceSummary.of(evidence)),
            new CommitMessage.Extras(List.of(), null, request.override()));
    PublishOutcome outcome;
    try {
      outcome = git.publish(publishRequest(env, targets, ref, message, request.uid()));
    } catch (GitException e) {
      throw new PromotionOutage(Reasons.GIT_UNAVAILABLE, e.getMessage(), e);
    }
    String where = GitUrls.redact(env.getGit().getUrl()) + " (" + env.getGit().getBranch() + ")";
    String image = ref.withDigest(ref.digest()).toString();
    if (outcome instanceof PublishOutcome.Pushed pushed) {
      progress.step("git", "pushed " + shortSha(pushed.commit()) + " to " + where);
      return new Outcome.Landed(
          ref.digest(),
          pushed.commit(),
          false,
          evidence,
          "pinned " + image + " in " + where + " as " + shortSha(pushed.commit()));
    }
    if (outcome instanceof PublishOutcome.AlreadyUpToDate same) {
      progress.step("git", "already pinned at " + shortSha(same.commit()) + "; pushed nothing");
      return new Outcome.Landed(
          ref.digest(),
          same.commit(),
          true,
          evidence,
          where
              + " already pins "
              + ref.shortDigest()
              + " ("
              + shortSha(same.commit())
              + "); nothing pushed");
    }
    if (outcome instanceof PublishOutcome.AlreadyLanded landed) {
      // This promotion pushed before (its status write was lost): never push it twice, and
      // never over a newer pin.
      String since = landed.superseded() ? "; a newer pin has replaced it since" : "";
      progress.step("git", "this promotion landed before as " + shortSha(landed.commit()) + since);
      return new Outcome.Landed(
          ref.digest(),
          landed.commit(),
          true,
          evidence,
          "this promotion already landed in "
              + where
              + " as "
              + shortSha(landed.commit())
              + since
              + "; nothing pushed");
    }
    if (outcome instanceof PublishOutcome.Refused r) {
      return refused(Outcome.Stage.GIT, r.reason(), ref.digest(), evidence, r.message());
    }
    PublishOutcome.Rejected r = (PublishOutcome.Rejected) outcome;
    return refused(Outcome.Stage.GIT, r.reason(), ref.digest(), evidence, r.message());
  }

  static PublishRequest publishRequest(
      EnvironmentSpec env, List<TargetSpec> targets, ImageRef ref, String message, String uid) {
    var author = env.getGit().getAuthor();
    List<PublishRequest.Target> files = descriptors(targets);
    return new PublishRequest(
        env.getGit().getUrl(),
        env.getGit().getBranch(),
        author.getName(),
        author.getEmail(),
        files,
        ref,
        message,
        uid);
  }

  /** The git port's view of an environment's targets. */
  static List<PublishRequest.Target> descriptors(List<TargetSpec> targets) {
    return targets.stream()
        .map(
            t ->
                new PublishRequest.Target(
                    t.getPath(),
                    t.getFormat(),
                    t.getImage(),
                    new TargetOptions(
                        t.getKey(),
                        t.getRepositoryKey(),
                        t.getTagKey(),
                        t.getDigestKey(),
                        Boolean.TRUE.equals(t.getTagHoldsDigest()),
                        t.getNewName(),
                        t.getKind(),
                        t.getName(),
                        t.getContainer(),
                        t.getAnchor())))
        .toList();
  }

  static List<TargetSpec> targetsFor(EnvironmentSpec env, ImageRef ref) {
    String wanted = ref.canonicalName();
    return env.getTargets().stream()
        .filter(t -> t.getImage() != null && sameImage(t.getImage(), wanted))
        .toList();
  }

  private static boolean sameImage(String written, String canonical) {
    try {
      return ImageRef.parse(written).canonicalName().equals(canonical);
    } catch (ImageRefException e) {
      return false;
    }
  }

  static boolean insecure(EnvironmentSpec env) {
    return env.getRegistry() != null && env.getRegistry().isInsecure();
  }

  static Outcome registryProblem(ImageRef ref, RegistryException e) throws PromotionOutage {
    return switch (e.kind()) {
      case DIGEST_MISMATCH ->
          refused(
              Outcome.Stage.SPEC, Reasons.DIGEST_MISMATCH, ref.digest(), List.of(), e.getMessage());
      // A pipeline may create the Promotion before its push finishes: wait, like an image pull.
      case NOT_FOUND -> throw new PromotionOutage(Reasons.MANIFEST_NOT_FOUND, e.getMessage(), e);
      case REFUSED ->
          refused(
              Outcome.Stage.SPEC,
              Reasons.REGISTRY_CONTENT_REFUSED,
              ref.digest(),
              List.of(),
              e.getMessage());
      case UNAUTHORIZED ->
          throw new PromotionOutage(Reasons.REGISTRY_UNAUTHORIZED, e.getMessage(), e);
      case UNAVAILABLE ->
          throw new PromotionOutage(Reasons.REGISTRY_UNAVAILABLE, e.getMessage(), e);
    };
  }

  static Outcome.Refused refused(
      Outcome.Stage stage,
      String reason,
      String digest,
      List<EvidenceRecord> evidence,
      String message) {
    LOG.debugf("refused at %s: %s", stage, reason);
    return new Outcome.Refused(stage, reason, digest, evidence, message);
  }

  private static String describe(Claim c) {
    String verdict =
        c.verified()
            ? "ok"
            : "rejected (" + c.rejection().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    return c.source() + ": " + verdict + ": " + c.detail();
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
