package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.QuarantineLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Records a landing on its Environment's status: the current pin and the quarantine ledger. Other
 * writers may update the same status at the same time, so each write carries the resourceVersion it
 * read and is redone on a conflict, a bounded number of times.
 */
final class EnvironmentStatusWriter {
  private static final Logger LOG = Logger.getLogger(EnvironmentStatusWriter.class);

  /** Writes per landing before giving up (the promotion is then retried, and finds its commit). */
  static final int MAX_ATTEMPTS = 5;

  private final Clock clock;

  EnvironmentStatusWriter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Writes the landing; {@code seed} supplies the quarantine rebuilt from git when the status was
   * never written.
   *
   * @throws KubernetesClientException when the API fails or every attempt conflicted
   */
  void record(
      KubernetesClient client, Promotion promotion, Outcome.Landed landed, QuarantineLedger seed)
      throws PromotionOutage {
    record(client, promotion, landed, seed, null);
  }

  /**
   * Writes the landing, trying {@code known} (the Environment as this reconcile read it) as the
   * base first: usually nothing changed it since, and the write saves a read of the API. When it
   * did change, the write conflicts and the Environment is read again; a write found unneeded on
   * that base is checked against a fresh read before it is skipped.
   */
  void record(
      KubernetesClient client,
      Promotion promotion,
      Outcome.Landed landed,
      QuarantineLedger seed,
      Environment known)
      throws PromotionOutage {
    String ns = promotion.getMetadata().getNamespace();
    String name = promotion.getSpec().getEnvironment();
    String who = ns + "/" + promotion.getMetadata().getName();
    boolean overridden =
        promotion.getSpec().getOverride() != null
            && promotion.getSpec().getOverride().getReason() != null
            && !promotion.getSpec().getOverride().getReason().isBlank();
    Environment base =
        known != null
                && known.getMetadata() != null
                && known.getMetadata().getResourceVersion() != null
                && ns.equals(known.getMetadata().getNamespace())
                && name.equals(known.getMetadata().getName())
            // A copy: the status set below must not change the reconcile's own object.
            ? Serialization.clone(known)
            : null;
    // The attempt on the known Environment does not count against the fresh reads.
    for (int attempt = base != null ? 0 : 1; ; attempt++) {
      boolean fromKnown = base != null;
      Environment env =
          fromKnown
              ? base
              : client.resources(Environment.class).inNamespace(ns).withName(name).get();
      base = null;
      if (env == null) {
        LOG.warnf("Environment %s/%s is gone; its status is not updated", ns, name);
        return;
      }
      EnvironmentStatus before = env.getStatus();
      boolean fresh = before == null || before.getCurrentCommit() == null;
      EnvironmentStatus next =
          EnvironmentStatuses.next(
              before,
              fresh && seed != null ? seed.rejected() : null,
              who,
              landed,
              overridden,
              clock.instant());
      if (before != null && Serialization.asJson(before).equals(Serialization.asJson(next))) {
        if (fromKnown) {
          // Unneeded on what this reconcile read: make sure on what the API holds now.
          continue;
        }
        return;
      }
      env.setStatus(next);
      try {
        client.resource(env).updateStatus();
        LOG.debugf("Environment %s/%s status: current %s", ns, name, next.getShortDigest());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOG.debugf("Environment %s/%s status changed meanwhile; writing again", ns, name);
      }
    }
  }
}
