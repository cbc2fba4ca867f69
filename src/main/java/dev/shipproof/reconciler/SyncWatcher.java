package dev.shipproof.reconciler;

import static dev.shipproof.api.v1alpha1.ConditionTypes.COMMITTED;
import static dev.shipproof.api.v1alpha1.ConditionTypes.SYNCED;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SyncSpec;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.PromotionMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jboss.logging.Logger;

/**
 * After a promotion pushed its commit, follows the Argo CD Application or Flux Kustomization /
 * HelmRelease its Environment names until that object reports the commit applied and healthy, the
 * controller gives up on it, a newer promotion replaces it, or the timeout passes. The answer is
 * the Promotion's {@code Synced} condition; the phase stays {@code Succeeded} because the commit
 * landed either way. Polls by rescheduling the Promotion, so neither Argo CD nor Flux has to be
 * installed for the operator to start.
 */
public final class SyncWatcher {
  /** How often an object is read while a promotion waits for it. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(SyncWatcher.class);

  private final EventRecorder events;
  private final Clock clock;
  private final PromotionMetrics metrics;
  private final Duration poll;

  /**
   * @param events where the final answer is recorded as an Event
   * @param clock decides timeouts (tests pass one they move)
   * @param metrics receives the outcome and how long the sync took
   * @param poll how often to read the object while waiting
   */
  public SyncWatcher(EventRecorder events, Clock clock, PromotionMetrics metrics, Duration poll) {
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
    this.poll = poll;
  }

  /** Whether the promotion landed and still waits for its sync object ({@code Synced=Unknown}). */
  public static boolean isWaiting(Promotion promotion) {
    PromotionStatus status = promotion.getStatus();
    if (status == null || status.getPhase() != Phase.Succeeded) {
      return false;
    }
    Condition synced = find(status, SYNCED);
    return synced != null && "Unknown".equals(synced.getStatus());
  }

  /**
   * Starts waiting when the promotion just pushed a commit and its Environment names a sync object:
   * adds {@code Synced=Unknown} to the promotion's status.
   *
   * @return when to look first, or {@code null} when there is nothing to wait for
   */
  Duration begin(Promotion promotion, Environment environment, Outcome outcome) {
    SyncSpec sync = environment.getSpec().getSync();
    if (sync == null || !(outcome instanceof Outcome.Landed landed) || landed.alreadyUpToDate()) {
      // A digest found already pinned was reported by the promotion that pushed it.
      return null;
    }
    String problem = problem(sync);
    if (problem != null) {
      promotion.setStatus(withSynced(promotion, false, Reasons.INVALID_ENVIRONMENT, problem));
      return null;
    }
    String message =
        "waiting for "
            + sync.getKind()
            + " "
            + namespace(sync, promotion)
            + "/"
            + sync.getName()
            + " to apply "
            + SyncStatusReader.shortSha(landed.commit());
    promotion.setStatus(withSynced(promotion, null, Reasons.WAITING_FOR_SYNC, message));
    return poll;
  }

  /** Reads the sync object once and updates the {@code Synced} condition. */
  UpdateControl<Promotion> check(KubernetesClient client, Promotion promotion) {
    String namespace = promotion.getMetadata().getNamespace();
    String envName = promotion.getSpec().getEnvironment();
    Environment env;
    try {
      env = client.resources(Environment.class).inNamespace(namespace).withName(envName).get();
    } catch (KubernetesClientException e) {
      // Never rethrown: the error path would mark a landed promotion Errored.
      LOG.warnf("will look again: reading Environment %s: %s", envName, e.getMessage());
      return UpdateControl.<Promotion>noUpdate().rescheduleAfter(poll);
    }
    SyncSpec sync = env == null || env.getSpec() == null ? null : env.getSpec().getSync();
    if (sync == null || problem(sync) != null) {
      return finish(
          client,
          promotion,
          "unknown",
          new SyncObservation(
              SyncObservation.State.FAILED,
              Reasons.SYNC_TARGET_NOT_FOUND,
              "Environment " + namespace + "/" + envName + " no longer names a valid sync object",
              null));
    }
    SyncKind kind = SyncKind.of(sync.getKind());
    SyncObservation seen = observeSafely(client, promotion, sync, kind);

    if (seen.state() == SyncObservation.State.SYNCED
        || seen.state() == SyncObservation.State.FAILED) {
      return finish(client, promotion, kind.label(), seen);
    }
    Instant deadline = waitingSince(promotion).plus(timeout(sync));
    Instant now = Instant.now(clock);
    if (!now.isBefore(deadline)) {
      return finish(
          client,
          promotion,
          kind.label(),
          SyncObservation.failed(
              // A sync object that never appeared says more than "timeout".
              Reasons.SYNC_TARGET_NOT_FOUND.equals(seen.reason())
                  ? Reasons.SYNC_TARGET_NOT_FOUND
                  : Reasons.SYNC_TIMEOUT,
              "not synced within " + sync.getTimeout() + ": " + seen.message(),
              seen.reportedRevision()));
    }
    PromotionStatus next = withSynced(promotion, null, seen.reason(), seen.message());
    Duration wait = Duration.between(now, deadline).plusSeconds(1);
    Duration after = wait.compareTo(poll) < 0 ? wait : poll;
    if (!StatusBuilder.differs(promotion.getStatus(), next)) {
      return UpdateControl.<Promotion>noUpdate().rescheduleAfter(after);
    }
    LOG.debugf("sync: %s", seen.message());
    promotion.setStatus(next);
    return UpdateControl.patchStatus(promotion).rescheduleAfter(after);
  }

  /** Reads the object; any failure is an observation, so the timeout still ends the wait. */
  private SyncObservation observeSafely(
      KubernetesClient client, Promotion promotion, SyncSpec sync, SyncKind kind) {
    try {
      return observe(client, promotion, sync, kind);
    } catch (KubernetesClientException e) {
      return new SyncObservation(
          SyncObservation.State.WAITING,
          Reasons.KUBERNETES_UNAVAILABLE,
          "talking to the Kubernetes API: " + e.getMessage(),
          null);
    } catch (RuntimeException e) {
      LOG.error("unexpected error while reading the sync object", e);
      return new SyncObservation(
          SyncObservation.State.WAITING,
          Reasons.INTERNAL_ERROR,
          "unexpected error while reading the sync object: " + e,
          null);
    }
  }

  private SyncObservation observe(
      KubernetesClient client, Promotion promotion, SyncSpec sync, SyncKind kind) {
    String ns = namespace(sync, promotion);
    String commit = promotion.getStatus().getCommit();
    GenericKubernetesResource object;
    try {
      object =
          client
              .genericKubernetesResources(kind.context(sync.getApiVersion()))
              .inNamespace(ns)
              .withName(sync.getName())
              .get();
    } catch (KubernetesClientException e) {
      return new SyncObservation(
          SyncObservation.State.WAITING,
          Reasons.KUBERNETES_UNAVAILABLE,
          "cannot read " + kind.kind + " " + ns + "/" + sync.getName() + ": " + e.getMessage(),
          null);
    }
    if (object == null) {
      return new SyncObservation(
          SyncObservation.State.WAITING,
          Reasons.SYNC_TARGET_NOT_FOUND,
          kind.kind
              + " "
              + ns
              + "/"
              + sync.getName()
              + " does not exist (is "
              + kind.tool
              + " installed, and its CRD?)",
          null);
    }
    SyncObservation seen =
        SyncStatusReader.read(kind, object, commit, promotion.getStatus().getDigest());
    if (seen.state() == SyncObservation.State.WAITING && seen.reportedRevision() != null) {
      String newer = Supersession.newerPromotion(client, promotion, seen.reportedRevision());
      if (newer != null) {
        return SyncObservation.failed(
            Reasons.SUPERSEDED,
            kind.kind
                + " "
                + ns
                + "/"
                + sync.getName()
                + " moved on to "
                + SyncStatusReader.shortSha(seen.reportedRevision())
                + " of promotion "
                + newer
                + " before it reported "
                + SyncStatusReader.shortSha(commit),
            seen.reportedRevision());
      }
    }
    return seen;
  }

  private UpdateControl<Promotion> finish(
      KubernetesClient client, Promotion promotion, String kind, SyncObservation seen) {
    boolean synced = seen.state() == SyncObservation.State.SYNCED;
    String namespace = promotion.getMetadata().getNamespace();
    String env = promotion.getSpec().getEnvironment();
    metrics.syncFinished(namespace, env, kind, synced ? "True" : "False", seen.reason());
    metrics.stepFinished(
        namespace,
        env,
        PromotionMetrics.Step.SYNC,
        Duration.between(waitingSince(promotion), Instant.now(clock)));
    if (synced) {
      LOG.infof("synced: %s", seen.message());
      events.normal(client, promotion, seen.reason(), seen.message());
    } else {
      LOG.infof("not synced (%s): %s", seen.reason(), seen.message());
      events.warning(client, promotion, seen.reason(), seen.message());
    }
    promotion.setStatus(withSynced(promotion, synced, seen.reason(), seen.message()));
    return UpdateControl.patchStatus(promotion);
  }

  /** When the wait began: the Synced condition turned Unknown then, and stays so while waiting. */
  private Instant waitingSince(Promotion promotion) {
    Condition synced = find(promotion.getStatus(), SYNCED);
    Condition committed = find(promotion.getStatus(), COMMITTED);
    for (Condition c : new Condition[] {synced, committed}) {
      if (c != null && c.getLastTransitionTime() != null) {
        try {
          return Instant.parse(c.getLastTransitionTime());
        } catch (DateTimeParseException e) {
          // Written by someone else; fall through to the next clue.
        }
      }
    }
    return Instant.now(clock);
  }

  /** The status with every condition kept as it is, and Synced set. */
  private PromotionStatus withSynced(
      Promotion promotion, Boolean value, String reason, String message) {
    PromotionStatus previous = promotion.getStatus();
    Long generation = promotion.getMetadata().getGeneration();
    StatusBuilder b =
        StatusBuilder.from(previous, generation == null ? 0 : generation, clock)
            .phase(previous.getPhase(), previous.getMessage());
    for (Condition c : previous.getConditions()) {
      if (!SYNCED.equals(c.getType())) {
        b.condition(c.getType(), bool(c.getStatus()), c.getReason(), c.getMessage());
      }
    }
    PromotionStatus next = b.condition(SYNCED, value, reason, message).build();
    next.setRevertOf(previous.getRevertOf());
    return next;
  }

  private static Boolean bool(String status) {
    return "True".equals(status) ? Boolean.TRUE : "False".equals(status) ? Boolean.FALSE : null;
  }

  private static String problem(SyncSpec sync) {
    if (SyncKind.of(sync.getKind()) == null) {
      return "spec.sync.kind \""
          + sync.getKind()
          + "\" is not one of Application, Kustomization, HelmRelease";
    }
    if (sync.getName() == null || sync.getName().isBlank()) {
      return "spec.sync.name is empty";
    }
    String api = sync.getApiVersion();
    if (api != null && !api.isBlank() && api.indexOf('/') <= 0) {
      return "spec.sync.apiVersion \"" + api + "\" is not group/version";
    }
    try {
      GoDurations.parse(sync.getTimeout() == null ? "10m" : sync.getTimeout());
    } catch (IllegalArgumentException e) {
      return "spec.sync.timeout: " + e.getMessage();
    }
    return null;
  }

  private static Duration timeout(SyncSpec sync) {
    return GoDurations.parse(sync.getTimeout() == null ? "10m" : sync.getTimeout());
  }

  private static String namespace(SyncSpec sync, Promotion promotion) {
    return sync.getNamespace() == null || sync.getNamespace().isBlank()
        ? promotion.getMetadata().getNamespace()
        : sync.getNamespace();
  }

  private static Condition find(PromotionStatus status, String type) {
    return status == null
        ? null
        : status.getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }
}
