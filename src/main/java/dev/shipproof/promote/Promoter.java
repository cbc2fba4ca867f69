package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.PolicySpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.TargetSpec;
import dev.shipproof.evidence.ClaimOrigins;
import dev.shipproof.evidence.EvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.CommitMessage;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.GitUrls;
import dev.shipproof.gitops.GitWorkspace;
import dev.shipproof.gitops.JgitHistory;
import dev.shipproof.gitops.PromotionInfo;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.RollbackWorkspace;
import dev.shipproof.gitops.TargetOptions;
import dev.shipproof.model.Claim;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import dev.shipproof.policy.CompiledPolicy;
import dev.shipproof.policy.Decision;
import dev.shipproof.policy.ImageEvidence;
import dev.shipproof.policy.Platforms;
import dev.shipproof.policy.PolicyEvaluator;
import dev.shipproof.registry.FetchedManifest;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.RegistryException;
import dev.shipproof.registry.RegistryLimitException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
  private final UpstreamGate upstream;
  private final ImageCopiers copiers;
  private final PromotionMetrics metrics;
  private final VerdictCache verdicts;
  private final RollbackWorkspace rollbacks;
  private final HistoryLimits limits;

  /**
   * A promoter whose upstream gate reads upstream histories into {@code
   * <java.io.tmpdir>/shipproof/history} on the system clock, and whose registry copies read from
   * registries (not layouts).
   */
  public Promoter(ImageSources images, EvidenceVerifier verifier, GitWorkspace git) {
    this(images, verifier, git, PromotionMetrics.NONE);
  }

  /**
   * A promoter with the default gate and copiers that reports step durations to {@code metrics}.
   */
  public Promoter(
      ImageSources images, EvidenceVerifier verifier, GitWorkspace git, PromotionMetrics metrics) {
    this(
        images,
        verifier,
        git,
        defaultGate(),
        ImageCopiers.registries(),
        metrics,
        VerdictCache.disabled(),
        HistoryLimits.DEFAULTS);
  }

  /**
   * A promoter with the default gate and copiers that reuses allowed verdicts from {@code
   * verdicts}.
   */
  public Promoter(
      ImageSources images, EvidenceVerifier verifier, GitWorkspace git, VerdictCache verdicts) {
    this(
        images,
        verifier,
        git,
        defaultGate(),
        ImageCopiers.registries(),
        PromotionMetrics.NONE,
        verdicts,
        HistoryLimits.DEFAULTS);
  }

  /** A promoter with its own gate and copiers, reporting no metrics and caching no verdicts. */
  public Promoter(
      ImageSources images,
      EvidenceVerifier verifier,
      GitWorkspace git,
      UpstreamGate upstream,
      ImageCopiers copiers) {
    this(
        images,
        verifier,
        git,
        upstream,
        copiers,
        PromotionMetrics.NONE,
        VerdictCache.disabled(),
        HistoryLimits.DEFAULTS);
  }

  /**
   * @param upstream checks {@code spec.upstream}
   * @param copiers copies to {@code spec.registry.copyTo}
   * @param metrics told how long each step took
   * @param verdicts allowed verdicts to reuse (see {@link VerdictCache})
   * @param limits how much history rollbacks and the quarantine read; rollbacks work when {@code
   *     git} can read history (a {@link RollbackWorkspace}, as {@link
   *     dev.shipproof.gitops.JgitWorkspace} is)
   */
  public Promoter(
      ImageSources images,
      EvidenceVerifier verifier,
      GitWorkspace git,
      UpstreamGate upstream,
      ImageCopiers copiers,
      PromotionMetrics metrics,
      VerdictCache verdicts,
      HistoryLimits limits) {
    this.images = images;
    this.verifier = verifier;
    this.git = git;
    this.upstream = upstream;
    this.copiers = copiers;
    this.metrics = metrics;
    this.verdicts = verdicts;
    this.rollbacks = git instanceof RollbackWorkspace r ? r : null;
    this.limits = limits;
  }

  /** A promoter with the default gate and copiers and these history limits. */
  public Promoter(
      ImageSources images, EvidenceVerifier verifier, GitWorkspace git, HistoryLimits limits) {
    this(
        images,
        verifier,
        git,
        defaultGate(),
        ImageCopiers.registries(),
        PromotionMetrics.NONE,
        VerdictCache.disabled(),
        limits);
  }

  /**
   * Reads upstream histories into {@code <java.io.tmpdir>/shipproof/history} on the system clock.
   */
  private static UpstreamGate defaultGate() {
    return new UpstreamGate(
        new JgitHistory(Path.of(System.getProperty("java.io.tmpdir"), "shipproof")),
        Clock.systemUTC(),
        SoakStart.COMMIT_TIME);
  }

  /**
   * A promoter for {@link #check} only, as {@code shipproof verify} uses it: it opens no registry
   * of its own and has no git repository to publish to.
   */
  public static Promoter verifyingOnly(EvidenceVerifier verifier, VerdictCache verdicts) {
    return new Promoter(
        (ref, insecure) -> {
          throw new IllegalStateException("a verifying-only promoter opens no image source");
        },
        verifier,
        request -> {
          throw new IllegalStateException("a verifying-only promoter publishes nothing");
        },
        verdicts);
  }

  /**
   * Runs the promotion. Returns the decision; throws {@link PromotionOutage} when something it
   * depends on is unavailable and the same request may succeed later.
   */
  public Outcome promote(PromotionRequest request, Progress progress) throws PromotionOutage {
    try {
      return promoteOrThrow(request, progress);
    } catch (PromotionOutage e) {
      if (GitFailures.isFinal(e)) {
        // An untrusted host key or unusable credentials: nothing was pushed, and waiting won't fix
        // it.
        return GitFailures.refusal(e, null);
      }
      throw e;
    }
  }

  private Outcome promoteOrThrow(PromotionRequest request, Progress progress)
      throws PromotionOutage {
    if (request.rollback() != null || request.image() == null) {
      return new RollbackRun(this, request, progress).run();
    }
    Outcome.Refused badSpec = checkSpec(request);
    if (badSpec != null) {
      return badSpec;
    }
    ImageRef ref = ImageRef.parseDigestReference(request.image());
    CompiledPolicy compiled = policy.compile(request.environment().getPolicy());
    if (!compiled.usable() && Reasons.INVALID_ENVIRONMENT.equals(compiled.refusal().reason())) {
      // A condition that does not compile never will: say so before fetching anything.
      return refused(
          Outcome.Stage.SPEC,
          Reasons.INVALID_ENVIRONMENT,
          ref.digest(),
          List.of(),
          "Environment "
              + request.environmentName()
              + " cannot be used: "
              + compiled.refusal().message());
    }

    Outcome.Refused quarantined = Quarantines.refusal(quarantine(request), request, ref);
    if (quarantined != null) {
      return quarantined;
    }

    Gathered gathered;
    long started = System.nanoTime();
    try {
      gathered = gather(request, ref, progress);
    } catch (RegistryException e) {
      return registryProblem(ref, e);
    } finally {
      timed(request, PromotionMetrics.Step.GATHER, started);
    }

    started = System.nanoTime();
    Decision decision = verify(request, ref, gathered, progress);
    timed(request, PromotionMetrics.Step.VERIFY, started);
    if (!decision.allowed()) {
      return refused(
          Outcome.Stage.EVIDENCE,
          decision.reason(),
          ref.digest(),
          decision.evidenceRecords(),
          decision.message());
    }

    Outcome held = upstreamGate(request, ref, decision.evidenceRecords(), progress);
    if (held != null) {
      return held;
    }

    ImageRef pinned = ref;
    if (GateConfig.copyTo(request.environment()) != null) {
      CopyStep.Result copied =
          new CopyStep(copiers, this::gather, this::verify).run(request, ref, progress);
      if (copied.refusal() != null) {
        return copied.refusal();
      }
      pinned = copied.pinned();
      decision = copied.decision();
    }

    List<TargetSpec> targets = targetsFor(request.environment(), ref, pinned);
    started = System.nanoTime();
    try {
      return publish(request, pinned, targets, decision.evidenceRecords(), progress);
    } finally {
      timed(request, PromotionMetrics.Step.PUBLISH, started);
    }
  }

  private void timed(PromotionRequest request, PromotionMetrics.Step step, long startedNanos) {
    metrics.stepFinished(
        request.namespace(),
        request.environmentName(),
        step,
        Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  /** The upstream gate's answer when it holds the digest back, or {@code null} to go on. */
  private Outcome upstreamGate(
      PromotionRequest request, ImageRef ref, List<EvidenceRecord> evidence, Progress progress)
      throws PromotionOutage {
    var spec = request.environment().getUpstream();
    if (spec == null) {
      return null;
    }
    if (request.overridden()) {
      progress.step(
          "upstream",
          "gate of " + spec.getEnvironment() + " bypassed: " + request.overrideReason());
      return null;
    }
    UpstreamGate.Result result = upstream.check(spec, request.upstream(), ref.digest());
    progress.step("upstream", result.message());
    if (result instanceof UpstreamGate.Result.Refused r) {
      return refused(Outcome.Stage.GATE, r.reason(), ref.digest(), evidence, r.message());
    }
    if (result instanceof UpstreamGate.Result.Wait w) {
      return new Outcome.Waiting(
          Reasons.SOAK_INCOMPLETE, ref.digest(), w.notBefore(), evidence, w.message());
    }
    return null;
  }

  /**
   * The manifest as fetched and hashed, and the unverified evidence attached to its digest; for an
   * image index whose policy judges every platform, the same for each platform manifest.
   */
  record Gathered(
      FetchedManifest manifest,
      List<EvidenceItem> items,
      boolean index,
      List<PlatformEvidence.Child> children) {}

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
    if (invalid == null) {
      invalid = GateConfig.problem(request.environment(), request.environmentName());
    }
    if (invalid != null) {
      return refused(
          Outcome.Stage.SPEC,
          Reasons.INVALID_ENVIRONMENT,
          ref.digest(),
          List.of(),
          "Environment " + request.environmentName() + " cannot be used: " + invalid);
    }
    if (targetsFor(request.environment(), ref, CopyStep.destinationOf(request, ref)).isEmpty()) {
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
    return quarantineFromGit(request.environmentName(), request.environment(), request.gitAccess());
  }

  /**
   * The quarantine an environment's branch records in its trailers, read once on first use; {@link
   * QuarantineLedger#NONE} when this promoter's git port cannot read history.
   */
  public QuarantineLedger quarantineFromGit(
      String environmentName, EnvironmentSpec environment, GitAccess access) {
    if (rollbacks == null) {
      return QuarantineLedger.NONE;
    }
    return new GitQuarantineLedger(
        rollbacks, environmentName, environment, limits.quarantineWalk(), access);
  }

  /**
   * The gather and verify steps of {@link #promote} without a spec check or a git push: what {@code
   * shipproof verify} runs, so the command and the operator decide alike.
   *
   * @param ref a digest reference
   * @param source where the manifest and the evidence are read
   * @return the decision, or the refusal when the registry's content was refused
   * @throws PromotionOutage when the registry is unavailable, refuses the credentials, or does not
   *     know the digest
   */
  public DigestCheck check(
      ImageRef ref, ImageSource source, PolicySpec policySpec, TrustRoot trust, Progress progress)
      throws PromotionOutage {
    Gathered gathered;
    try {
      gathered = gather(source, ref, policySpec, progress);
    } catch (RegistryException e) {
      return new DigestCheck(ref, null, (Outcome.Refused) registryProblem(ref, e));
    }
    return new DigestCheck(ref, verify(policySpec, trust, ref, gathered, progress), null);
  }

  /**
   * The verify step of {@link #promote} on evidence the caller found (bundle files, say), for a
   * manifest fetched and hashed by an {@link ImageSource}.
   */
  public DigestCheck check(
      ImageRef ref,
      FetchedManifest manifest,
      List<EvidenceItem> items,
      PolicySpec policySpec,
      TrustRoot trust,
      Progress progress) {
    progress.step("evidence", items.size() + " item(s) given for " + ref.shortDigest());
    Gathered gathered =
        new Gathered(manifest, items, PlatformEvidence.isIndex(manifest), List.of());
    return new DigestCheck(ref, verify(policySpec, trust, ref, gathered, progress), null);
  }

  /** Gathers from the request's registry (or layout), with its credentials. */
  Gathered gather(PromotionRequest request, ImageRef ref, Progress progress)
      throws RegistryException {
    return gather(
        request,
        images.open(ref, insecure(request.environment()), request.registryCredentials()),
        ref,
        progress);
  }

  /** Gathers from {@code source} for {@code request}'s policy (the copy step's second look). */
  Gathered gather(PromotionRequest request, ImageSource source, ImageRef ref, Progress progress)
      throws RegistryException {
    return gather(source, ref, request.environment().getPolicy(), progress);
  }

  private Gathered gather(
      ImageSource source, ImageRef ref, PolicySpec policySpec, Progress progress)
      throws RegistryException {
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
    boolean index = PlatformEvidence.isIndex(manifest);
    boolean everyChild =
        policySpec != null && Platforms.parse(policySpec.getPlatforms()) == Platforms.EVERY_CHILD;
    List<PlatformEvidence.Child> children =
        index && everyChild ? PlatformEvidence.gather(source, ref, manifest, progress) : List.of();
    return new Gathered(manifest, items, index, children);
  }

  Decision verify(PromotionRequest request, ImageRef ref, Gathered gathered, Progress progress) {
    return verify(request.environment().getPolicy(), request.trust(), ref, gathered, progress);
  }

  private Decision verify(
      PolicySpec policySpec, TrustRoot trust, ImageRef ref, Gathered gathered, Progress progress) {
    // Keyed evidence verifies only with the policy's own keys (secretRef/file already read).
    TrustRoot keyed = trust == null ? null : trust.withKeys(PolicyKeys.of(policySpec));
    boolean cached = verdicts.contains(ref.digest(), gathered.items(), policySpec, keyed);
    if (cached) {
      progress.step("verify", "same digest, evidence, policy and trusted root as before: cached");
    }
    Decision decision =
        verdicts.decide(
            ref.digest(),
            gathered.items(),
            policySpec,
            keyed,
            () -> verifyAfresh(policySpec, keyed, ref, gathered, progress));
    if (cached) {
      progress.step("policy", "allowed: " + EvidenceSummary.of(decision.evidenceRecords()));
    }
    return decision;
  }

  private Decision verifyAfresh(
      PolicySpec policySpec, TrustRoot trust, ImageRef ref, Gathered gathered, Progress progress) {
    List<Claim> claims = verifyItems(ref.digest(), gathered.manifest(), gathered.items(), trust);
    claims.forEach(c -> progress.step("verify", describe(c)));
    List<ImageEvidence.Child> children = new ArrayList<>();
    for (PlatformEvidence.Child child : gathered.children()) {
      List<Claim> childClaims = verifyItems(child.digest(), child.manifest(), child.items(), trust);
      childClaims.forEach(
          c -> progress.step("verify", ImageRef.shortDigest(child.digest()) + " " + describe(c)));
      children.add(new ImageEvidence.Child(child.digest(), child.platform(), childClaims));
    }
    ImageEvidence image =
        gathered.index()
            ? ImageEvidence.index(ref.digest(), claims, children)
            : ImageEvidence.manifest(ref.digest(), claims);
    Decision decision = policy.evaluate(policySpec, image);
    progress.step(
        "policy",
        decision.allowed()
            ? "allowed: " + EvidenceSummary.of(decision.evidenceRecords())
            : "denied: " + decision.message());
    return decision;
  }

  /** Verifies the items of one digest and records where each claim's evidence came from. */
  private List<Claim> verifyItems(
      String digest, FetchedManifest manifest, List<EvidenceItem> items, TrustRoot trust) {
    return ClaimOrigins.attach(items, verifier.verify(digest, manifest.bytes(), items, trust));
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
            promotionInfo(request, ref, evidence),
            new CommitMessage.Extras(
                List.of(), null, request.overridden() ? request.overrideReason() : null));
    PublishOutcome outcome;
    try {
      outcome =
          git.publish(
              publishRequest(
                      env,
                      targets,
                      ref,
                      message,
                      request.uid(),
                      request.gitAccess(),
                      request.created())
                  .withGuard(Quarantines.atTip(request, ref, limits.quarantineWalk())));
    } catch (GitException e) {
      throw GitFailures.outage(e, null);
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
      // never over a newer pin. Still the current pin, it is reported as pushed, so that the
      // Environment's status records it as a run without the crash would have.
      String since = landed.superseded() ? "; a newer pin has replaced it since" : "";
      progress.step("git", "this promotion landed before as " + shortSha(landed.commit()) + since);
      return new Outcome.Landed(
          ref.digest(),
          landed.commit(),
          landed.superseded(),
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
      EnvironmentSpec env,
      List<TargetSpec> targets,
      ImageRef ref,
      String message,
      String uid,
      GitAccess access) {
    return publishRequest(env, targets, ref, message, uid, access, null);
  }

  /** The same, for a promotion created at {@code created} (its own commit cannot be older). */
  static PublishRequest publishRequest(
      EnvironmentSpec env,
      List<TargetSpec> targets,
      ImageRef ref,
      String message,
      String uid,
      GitAccess access,
      java.time.Instant created) {
    boolean copied = GateConfig.copyTo(env) != null;
    var author = env.getGit().getAuthor();
    List<PublishRequest.Target> files =
        targets.stream().map(t -> descriptor(t, newName(t, ref, copied))).toList();
    return new PublishRequest(
        env.getGit().getUrl(),
        env.getGit().getBranch(),
        author.getName(),
        author.getEmail(),
        files,
        ref,
        message,
        uid,
        access,
        created);
  }

  /** What the commit message says of the promotion pinning {@code ref}. */
  static PromotionInfo promotionInfo(
      PromotionRequest request, ImageRef ref, List<EvidenceRecord> evidence) {
    return new PromotionInfo(
        request.namespace(),
        request.name(),
        request.uid(),
        request.environmentName(),
        ref,
        request.reason(),
        EvidenceSummary.of(evidence));
  }

  /** The git port's view of an environment's targets, each with its own {@code newName}. */
  static List<PublishRequest.Target> descriptors(List<TargetSpec> targets) {
    return targets.stream().map(t -> descriptor(t, t.getNewName())).toList();
  }

  private static PublishRequest.Target descriptor(TargetSpec t, String newName) {
    return new PublishRequest.Target(
        t.getPath(),
        t.getFormat(),
        t.getImage(),
        new TargetOptions(
            t.getKey(),
            t.getRepositoryKey(),
            t.getTagKey(),
            t.getDigestKey(),
            Boolean.TRUE.equals(t.getTagHoldsDigest()),
            newName,
            t.getKind(),
            t.getName(),
            t.getContainer(),
            t.getAnchor()));
  }

  /** The targets naming the promoted image, or (with a registry copy) its destination. */
  /** The targets naming the image (no registry copy). */
  static List<TargetSpec> targetsFor(EnvironmentSpec env, ImageRef ref) {
    return targetsFor(env, ref, ref);
  }

  private static List<TargetSpec> targetsFor(EnvironmentSpec env, ImageRef ref, ImageRef pinned) {
    String wanted = ref.canonicalName();
    String copy = pinned.canonicalName();
    return env.getTargets().stream()
        .filter(
            t ->
                t.getImage() != null
                    && (sameImage(t.getImage(), wanted) || sameImage(t.getImage(), copy)))
        .toList();
  }

  /**
   * The name a target writes: with a registry copy, the destination (unless the target already
   * names it), so that the pin never points back at the source registry.
   */
  private static String newName(TargetSpec t, ImageRef pinned, boolean copied) {
    if (copied && !sameImage(t.getImage(), pinned.canonicalName())) {
      return pinned.name();
    }
    return t.getNewName();
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
    if (e instanceof RegistryLimitException limit) {
      String reason = limit.countsItems() ? Reasons.TOO_MANY_REFERRERS : Reasons.EVIDENCE_TOO_LARGE;
      return refused(Outcome.Stage.EVIDENCE, reason, ref.digest(), List.of(), e.getMessage());
    }
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
