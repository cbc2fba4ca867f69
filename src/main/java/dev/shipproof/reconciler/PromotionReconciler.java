package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.gitops.GitAccess;
import dev.shipproof.gitops.GitUrls;
import dev.shipproof.promote.EvidenceSummary;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.PromotionRequest;
import dev.shipproof.promote.QuarantineLedger;
import dev.shipproof.registry.RegistryCredentials;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs a Promotion once: accept the spec, verify the digest's evidence, pin it in git, report. A
 * "no" ends the promotion as {@code Failed}; an outage is rethrown, recorded as {@code Errored} and
 * retried with backoff by the operator SDK.
 */
@ControllerConfiguration(name = PromotionReconciler.NAME)
@GradualRetry(
    maxAttempts = PromotionReconciler.UNLIMITED,
    initialInterval = 2_000,
    intervalMultiplier = 2.0,
    maxInterval = 300_000)
public class PromotionReconciler implements Reconciler<Promotion> {
  public static final String NAME = "promotion";

  /** Outages are retried until they end; the interval is capped by maxInterval. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  /** Re-check at least this often once the retry budget of a single error streak is spent. */
  private static final Duration LATE_RETRY = Duration.ofMinutes(5);

  private static final Logger LOG = Logger.getLogger(PromotionReconciler.class);
  private static final String MDC_IMAGE = "promotion.digest";
  private static final String MDC_REPO = "git.repo";

  private final Promoter promoter;
  private final TrustRoots trustRoots;
  private final EventRecorder events;
  private final Clock clock;
  private final Progress progress;
  private final PromotionMetrics metrics;
  private final SyncWatcher sync;
  private final PromotionQueue queue;
  private final EnvironmentStatusWriter environmentStatus;
  private final Scheduling scheduling;
  private final InternalErrors internalErrors = new InternalErrors();

  /** A reconciler that records no metrics and polls sync objects every 10 seconds. */
  public PromotionReconciler(
      Promoter promoter,
      TrustRoots trustRoots,
      EventRecorder events,
      Clock clock,
      Progress progress) {
    this(
        promoter,
        trustRoots,
        events,
        clock,
        progress,
        PromotionMetrics.NONE,
        new SyncWatcher(events, clock, PromotionMetrics.NONE, SyncWatcher.DEFAULT_POLL));
  }

  /** A reconciler with the default {@link Scheduling}. */
  public PromotionReconciler(
      Promoter promoter,
      TrustRoots trustRoots,
      EventRecorder events,
      Clock clock,
      Progress progress,
      PromotionMetrics metrics,
      SyncWatcher sync) {
    this(promoter, trustRoots, events, clock, progress, metrics, sync, Scheduling.defaults());
  }

  @Inject
  public PromotionReconciler(
      Promoter promoter,
      TrustRoots trustRoots,
      EventRecorder events,
      Clock clock,
      Progress progress,
      PromotionMetrics metrics,
      SyncWatcher sync,
      Scheduling scheduling) {
    this.scheduling = scheduling;
    this.promoter = promoter;
    this.trustRoots = trustRoots;
    this.events = events;
    this.clock = clock;
    this.progress = progress;
    this.metrics = metrics;
    this.sync = sync;
    this.queue = new PromotionQueue(metrics, clock);
    this.environmentStatus = new EnvironmentStatusWriter(clock);
  }

  @Override
  public UpdateControl<Promotion> reconcile(Promotion promotion, Context<Promotion> context)
      throws PromotionOutage {
    if (isTerminal(promotion)) {
      if (SyncWatcher.isWaiting(promotion)) {
        return watchSync(context.getClient(), promotion);
      }
      queue.forget(promotion);
      LOG.debug("promotion already finished; nothing to do");
      return UpdateControl.noUpdate();
    }
    if (!scheduling.drain().enter()) {
      LOG.debug("operator stopping; the promotion is left to the next one");
      return UpdateControl.noUpdate();
    }
    try {
      UpdateControl<Promotion> queued = waitForOlder(context, promotion);
      return queued != null ? queued : run(promotion, context);
    } finally {
      scheduling.drain().exit();
    }
  }

  private UpdateControl<Promotion> run(Promotion promotion, Context<Promotion> context)
      throws PromotionOutage {
    var rollback = promotion.getSpec().getRollback();
    MDC.put(
        MDC_IMAGE,
        rollback != null
            ? "rollback to " + rollback.getTo()
            : String.valueOf(promotion.getSpec().getImage()));
    LogContext.put(promotion);
    try {
      KubernetesClient client = context.getClient();

      Environment environment = SignerKeys.resolve(client, environment(client, promotion));
      var git = environment.getSpec().getGit();
      MDC.put(MDC_REPO, git == null ? "" : GitUrls.redact(git.getUrl()));

      TrustRoot trust = trustRoots.forEnvironment(client, environment);

      RegistrySecrets.Lookup secret = RegistrySecrets.forEnvironment(client, environment);
      if (secret.refused() != null) {
        return report(client, promotion, environment, secret.refused(), QuarantineLedger.NONE);
      }

      GitSecrets.Lookup gitSecrets = GitSecrets.forEnvironment(client, environment);
      if (gitSecrets.refused() != null) {
        return report(client, promotion, environment, gitSecrets.refused(), QuarantineLedger.NONE);
      }

      QuarantineLedger quarantine = quarantine(environment, gitSecrets.access());
      queue.track(promotion, PromotionQueue.State.IN_FLIGHT);
      Outcome outcome =
          promoter.promote(
              withGates(
                      client,
                      promotion,
                      request(promotion, environment, trust, secret.credentials())
                          .withGitAccess(gitSecrets.access()))
                  .withRollback(promotion.getSpec().getRollback(), quarantine),
              progress);

      internalErrors.reset(key(promotion));
      return report(client, promotion, environment, outcome, quarantine);
    } finally {
      // Reconciler threads are pooled: our keys must not leak into the next resource's logs.
      MDC.remove(MDC_IMAGE);
      MDC.remove(MDC_REPO);
      LogContext.clear();
    }
  }

  /** A landed promotion whose Argo CD or Flux object has not reported its commit yet. */
  private UpdateControl<Promotion> watchSync(KubernetesClient client, Promotion promotion) {
    LogContext.put(promotion);
    try {
      queue.track(promotion, PromotionQueue.State.AWAITING_SYNC);
      UpdateControl<Promotion> control = sync.check(client, promotion);
      if (!SyncWatcher.isWaiting(promotion)) {
        queue.forget(promotion);
      }
      return control;
    } finally {
      LogContext.clear();
    }
  }

  /**
   * Keeps the promotion {@code Pending} (reason Queued) while an older one of its environment is
   * unfinished; null when it may run now. The older one's end is not an event for this one, so it
   * looks again after {@link Scheduling#queueRecheck()}.
   */
  private UpdateControl<Promotion> waitForOlder(Context<Promotion> context, Promotion promotion) {
    String namespace = promotion.getMetadata().getNamespace();
    List<Promotion> siblings = context.getPrimaryCache().list(namespace).toList();
    var place = EnvironmentQueue.waitingPlace(promotion, siblings);
    if (place.isEmpty()) {
      return null;
    }
    String message = place.get().message();
    PromotionStatus status =
        StatusBuilder.from(promotion.getStatus(), generation(promotion), clock)
            .phase(Phase.Pending, message)
            .condition(ConditionTypes.READY, false, Reasons.QUEUED, message)
            .condition(ConditionTypes.STALLED, false, Reasons.QUEUED, "waiting for its turn")
            .build();
    queue.track(promotion, PromotionQueue.State.PENDING);
    if (!Reasons.QUEUED.equals(readyReason(promotion.getStatus()))) {
      LOG.infof("promotion queued behind %s", place.get().first().getMetadata().getName());
      events.normal(context.getClient(), promotion, Reasons.QUEUED, message);
    }
    if (!StatusBuilder.differs(promotion.getStatus(), status)) {
      return UpdateControl.<Promotion>noUpdate().rescheduleAfter(scheduling.queueRecheck());
    }
    promotion.setStatus(status);
    return UpdateControl.patchStatus(promotion).rescheduleAfter(scheduling.queueRecheck());
  }

  private static String readyReason(PromotionStatus status) {
    if (status == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> ConditionTypes.READY.equals(c.getType()))
        .findFirst()
        .map(c -> c.getReason())
        .orElse(null);
  }

  @Override
  public ErrorStatusUpdateControl<Promotion> updateErrorStatus(
      Promotion promotion, Context<Promotion> context, Exception error) {
    if (isTerminal(promotion)) {
      // A finished promotion (e.g. one whose sync status write failed) never turns Errored: the
      // operator SDK retries, and the retry reads the sync object again.
      LOG.warnf("will retry: %s", describe(error));
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    // The operator SDK wraps checked exceptions (PromotionOutage) in an OperatorException.
    error = unwrap(error);
    String reason = Reasons.INTERNAL_ERROR;
    String message = "unexpected error: " + describe(error);
    if (error instanceof PromotionOutage outage) {
      reason = outage.reason();
      message = outage.getMessage();
    } else if (error instanceof KubernetesClientException e) {
      reason = Reasons.KUBERNETES_UNAVAILABLE;
      message = "talking to the Kubernetes API: " + describe(e);
    }
    if (reason.equals(Reasons.INTERNAL_ERROR)) {
      int attempts = internalErrors.failed(key(promotion), error);
      if (attempts >= scheduling.internalErrorAttempts()) {
        return giveUp(context, promotion, error, attempts);
      }
      if (attempts == 1) {
        // Unexpected: the only place its stack trace is kept (the SDK's own log line is silenced).
        LOG.error("will retry after an unexpected error", error);
      } else {
        LOG.warnf(
            "will retry: the same unexpected error again (attempt %d of %d): %s",
            attempts, scheduling.internalErrorAttempts(), describe(error));
      }
    } else {
      internalErrors.reset(key(promotion));
      LOG.warnf("will retry: %s", message);
    }
    PromotionStatus status =
        StatusBuilder.from(promotion.getStatus(), generation(promotion), clock)
            .phase(Phase.Errored, message)
            .condition(ConditionTypes.READY, false, reason, message)
            .condition(ConditionTypes.STALLED, false, reason, "retrying with backoff")
            .build();
    boolean changed = StatusBuilder.differs(promotion.getStatus(), status);
    if (changed) {
      events.warning(context.getClient(), promotion, reason, message);
      metrics.promotionFinished(
          promotion.getMetadata().getNamespace(),
          promotion.getSpec().getEnvironment(),
          Phase.Errored.name(),
          reason);
    }
    queue.track(promotion, PromotionQueue.State.PENDING);
    promotion.setStatus(status);
    var control =
        changed
            ? ErrorStatusUpdateControl.patchStatus(promotion)
            : ErrorStatusUpdateControl.<Promotion>noStatusUpdate();
    boolean lastAttempt = context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(false);
    return lastAttempt ? control.rescheduleAfter(LATE_RETRY) : control;
  }

  /** The same unexpected error failed every attempt: a bug, not an outage; stop retrying. */
  private ErrorStatusUpdateControl<Promotion> giveUp(
      Context<Promotion> context, Promotion promotion, Exception error, int attempts) {
    internalErrors.reset(key(promotion));
    String message =
        "unexpected error in "
            + attempts
            + " attempts in a row, given up: "
            + describe(error)
            + "; please report it (a new Promotion tries again)";
    LOG.errorf("given up after %d attempts with the same unexpected error: %s", attempts, message);
    PromotionStatus status =
        StatusBuilder.from(promotion.getStatus(), generation(promotion), clock)
            .phase(Phase.Failed, message)
            .condition(ConditionTypes.READY, false, Reasons.INTERNAL_ERROR, message)
            .condition(ConditionTypes.STALLED, true, Reasons.INTERNAL_ERROR, message)
            .build();
    events.warning(context.getClient(), promotion, Reasons.INTERNAL_ERROR, message);
    metrics.promotionFinished(
        promotion.getMetadata().getNamespace(),
        promotion.getSpec().getEnvironment(),
        Phase.Failed.name(),
        Reasons.INTERNAL_ERROR);
    queue.forget(promotion);
    promotion.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(promotion).withNoRetry();
  }

  private static Exception unwrap(Exception error) {
    Throwable e = error;
    while (e instanceof OperatorException && e.getCause() instanceof Exception cause) {
      e = cause;
    }
    return (Exception) e;
  }

  private static String key(Promotion promotion) {
    var meta = promotion.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }

  private static boolean isTerminal(Promotion promotion) {
    PromotionStatus status = promotion.getStatus();
    return status != null && status.getPhase() != null && status.getPhase().isTerminal();
  }

  private static Environment environment(KubernetesClient client, Promotion promotion)
      throws PromotionOutage {
    String namespace = promotion.getMetadata().getNamespace();
    String name = promotion.getSpec().getEnvironment();
    Environment env =
        client.resources(Environment.class).inNamespace(namespace).withName(name).get();
    if (env == null || env.getSpec() == null) {
      throw new PromotionOutage(
          Reasons.ENVIRONMENT_NOT_FOUND,
          "Environment " + namespace + "/" + name + " does not exist (yet); will retry");
    }
    return env;
  }

  /** The Environment's status is the ledger; git rebuilds it while the status is empty. */
  private QuarantineLedger quarantine(Environment environment, GitAccess access) {
    return QuarantineLedger.fromStatus(
        environment.getStatus(),
        promoter.quarantineFromGit(
            environment.getMetadata().getName(), environment.getSpec(), access));
  }

  private static PromotionRequest request(
      Promotion promotion,
      Environment environment,
      TrustRoot trust,
      RegistryCredentials credentials) {
    var meta = promotion.getMetadata();
    var spec = promotion.getSpec();
    return new PromotionRequest(
            meta.getNamespace(),
            meta.getName(),
            meta.getUid(),
            environment.getMetadata().getName(),
            environment.getSpec(),
            spec.getImage(),
            spec.getReason(),
            trust)
        .withRegistryCredentials(credentials)
        .withCreated(created(meta.getCreationTimestamp()));
  }

  /** The creation time the API server recorded, or {@code null} when absent or unreadable. */
  private static java.time.Instant created(String timestamp) {
    try {
      return timestamp == null ? null : java.time.Instant.parse(timestamp);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The request with the override, the upstream's record and the registry credentials. */
  private static PromotionRequest withGates(
      KubernetesClient client, Promotion promotion, PromotionRequest r) throws PromotionOutage {
    var override = promotion.getSpec().getOverride();
    return r.withGates(
        override == null ? null : override.getReason(),
        GateInputs.upstream(client, r.namespace(), r.environment()),
        GateInputs.credentials(client, r.namespace(), r.environment()));
  }

  private UpdateControl<Promotion> report(
      KubernetesClient client,
      Promotion promotion,
      Environment environment,
      Outcome outcome,
      QuarantineLedger quarantine)
      throws PromotionOutage {
    if (outcome instanceof Outcome.Landed landed) {
      // Before the Promotion's own status: if this fails, the retry finds the commit and writes it.
      environmentStatus.record(client, promotion, landed, quarantine, environment);
    }
    PromotionStatus status =
        PromotionStatuses.of(promotion.getStatus(), generation(promotion), clock, outcome);
    recordSteps(client, promotion, status, outcome);
    if (outcome instanceof Outcome.Landed) {
      LOG.infof("promotion succeeded: %s", outcome.message());
      events.normal(
          client,
          promotion,
          status.getConditions().stream()
              .filter(c -> c.getType().equals(ConditionTypes.COMMITTED))
              .findFirst()
              .orElseThrow()
              .getReason(),
          outcome.message());
    } else if (outcome instanceof Outcome.Waiting waiting) {
      LOG.infof("promotion waits until %s: %s", waiting.notBefore(), waiting.message());
      boolean news =
          promotion.getStatus() == null || promotion.getStatus().getPhase() != Phase.Pending;
      if (news) {
        events.normal(client, promotion, waiting.reason(), waiting.message());
      }
      promotion.setStatus(status);
      Duration wait = Duration.between(clock.instant(), waiting.notBefore());
      return UpdateControl.patchStatus(promotion)
          .rescheduleAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1));
    } else if (outcome instanceof Outcome.Refused refused) {
      LOG.infof("promotion refused (%s): %s", refused.reason(), refused.message());
      events.warning(client, promotion, refused.reason(), refused.message());
    }
    promotion.setStatus(status);
    Duration firstSyncCheck = sync.begin(promotion, environment, outcome);
    if (firstSyncCheck == null) {
      queue.forget(promotion);
      return UpdateControl.patchStatus(promotion);
    }
    queue.track(promotion, PromotionQueue.State.AWAITING_SYNC);
    return UpdateControl.patchStatus(promotion).rescheduleAfter(firstSyncCheck);
  }

  /** Metrics for the outcome, and an Event for a verification that passed before git said no. */
  private void recordSteps(
      KubernetesClient client, Promotion promotion, PromotionStatus status, Outcome outcome) {
    String namespace = promotion.getMetadata().getNamespace();
    String env = promotion.getSpec().getEnvironment();
    boolean verified =
        outcome instanceof Outcome.Landed
            || (outcome instanceof Outcome.Refused r && r.stage() == Outcome.Stage.GIT);
    if (verified) {
      events.normal(
          client,
          promotion,
          Reasons.EVIDENCE_VERIFIED,
          "policy met by verified evidence: " + EvidenceSummary.of(outcome.evidence()));
    }
    String reason =
        status.getConditions().stream()
            .filter(c -> c.getType().equals(ConditionTypes.READY))
            .findFirst()
            .map(c -> c.getReason())
            .orElse("");
    if (outcome instanceof Outcome.Landed landed) {
      reason = landed.alreadyUpToDate() ? Reasons.ALREADY_UP_TO_DATE : Reasons.PUSHED;
    } else if (outcome instanceof Outcome.Refused r && r.stage() == Outcome.Stage.EVIDENCE) {
      metrics.verificationFailed(namespace, env, r.reason());
    }
    metrics.promotionFinished(namespace, env, status.getPhase().name(), reason);
  }

  private static long generation(Promotion promotion) {
    Long generation = promotion.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
