package dev.shipproof.reconciler;

import static dev.shipproof.api.v1alpha1.ConditionTypes.COMMITTED;

import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Tells whether the commit a sync object reports belongs to a promotion of the same environment
 * that pushed after this one. Argo CD and Flux deploy the branch tip, so once a newer promotion has
 * landed they may never report this promotion's commit at all.
 */
final class Supersession {
  private Supersession() {}

  /**
   * @return {@code namespace/name} of the newer promotion whose pushed commit is {@code reported},
   *     or {@code null} when the reported commit is not one (an older commit, or one made by hand)
   */
  static String newerPromotion(KubernetesClient client, Promotion promotion, String reported) {
    String namespace = promotion.getMetadata().getNamespace();
    Instant ours = pushedAt(promotion.getStatus());
    if (ours == null) {
      return null;
    }
    for (Promotion other :
        client.resources(Promotion.class).inNamespace(namespace).list().getItems()) {
      PromotionStatus s = other.getStatus();
      if (other.getSpec() == null
          || s == null
          || s.getPhase() != Phase.Succeeded
          || !Objects.equals(other.getSpec().getEnvironment(), promotion.getSpec().getEnvironment())
          || Objects.equals(other.getMetadata().getUid(), promotion.getMetadata().getUid())
          || !GitRevisions.names(reported, s.getCommit())) {
        continue;
      }
      Instant theirs = pushedAt(s);
      // Strictly later: an older commit reported means the object has not caught up yet.
      if (theirs != null && theirs.isAfter(ours)) {
        return namespace + "/" + other.getMetadata().getName();
      }
    }
    return null;
  }

  /** When the promotion pushed its commit, or {@code null} when it pushed none. */
  private static Instant pushedAt(PromotionStatus status) {
    Condition committed =
        status.getConditions().stream()
            .filter(c -> COMMITTED.equals(c.getType()))
            .findFirst()
            .orElse(null);
    if (committed == null
        || !"True".equals(committed.getStatus())
        || !Reasons.PUSHED.equals(committed.getReason())
        || committed.getLastTransitionTime() == null) {
      return null;
    }
    try {
      return Instant.parse(committed.getLastTransitionTime());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
