package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a Promotion may run now: promotions of one Environment run one at a time, oldest
 * first. The queue is not kept anywhere but in Kubernetes: every reconciliation looks at the
 * Promotions of the same namespace and Environment (from the operator SDK's informer cache) and
 * runs only when none older is unfinished. Two operator processes therefore agree on the order
 * without talking to each other, and a restart loses nothing.
 *
 * <p>Order: {@code metadata.creationTimestamp} (whole seconds), then name, then uid; promotions
 * created in the same second run in name order.
 *
 * <p>Unfinished means no phase yet, {@code Pending} (queued, or waiting for a soak), {@code
 * Verifying}, {@code Committing} or {@code Errored}: an older promotion stuck on an outage holds
 * the ones behind it, because letting a newer digest land first and the older one after would pin
 * the older digest last. {@code Failed} and {@code Succeeded} (also while waiting for Argo CD or
 * Flux to sync) are finished. A promotion being deleted holds nothing.
 */
final class EnvironmentQueue {
  /** Oldest first; a missing or unreadable timestamp sorts last (the API server always sets it). */
  static final Comparator<Promotion> ORDER =
      Comparator.comparing(
              (Promotion p) -> created(p).orElse(Instant.MAX), Comparator.naturalOrder())
          .thenComparing(p -> String.valueOf(p.getMetadata().getName()))
          .thenComparing(p -> String.valueOf(p.getMetadata().getUid()));

  private EnvironmentQueue() {}

  /**
   * Where a waiting promotion stands.
   *
   * @param first the oldest unfinished promotion of the environment: the one running or next
   * @param ahead how many unfinished promotions are older than the waiting one
   */
  record Place(Promotion first, int ahead) {
    String message() {
      String name = first.getMetadata().getName();
      String more = ahead > 1 ? " (" + ahead + " older promotions are unfinished)" : "";
      return "waiting for the older promotion "
          + name
          + " of this environment to finish"
          + more
          + "; promotions of one environment run one at a time, oldest first";
    }
  }

  /**
   * @param siblings Promotions of the same namespace (any environment; others are ignored), which
   *     may include {@code promotion} itself
   * @return empty when {@code promotion} may run now, else the place it waits at
   */
  static Optional<Place> waitingPlace(Promotion promotion, Collection<Promotion> siblings) {
    Promotion first = null;
    int ahead = 0;
    for (Promotion other : siblings) {
      if (!sameEnvironment(promotion, other) || isSelf(promotion, other) || !holds(other)) {
        continue;
      }
      if (ORDER.compare(other, promotion) < 0) {
        ahead++;
        if (first == null || ORDER.compare(other, first) < 0) {
          first = other;
        }
      }
    }
    return first == null ? Optional.empty() : Optional.of(new Place(first, ahead));
  }

  /** Whether {@code other}, if older, keeps younger promotions of its environment waiting. */
  static boolean holds(Promotion other) {
    if (other.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    PromotionStatus status = other.getStatus();
    return status == null || status.getPhase() == null || !status.getPhase().isTerminal();
  }

  private static boolean sameEnvironment(Promotion a, Promotion b) {
    return b.getSpec() != null
        && a.getSpec() != null
        && Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getSpec().getEnvironment(), b.getSpec().getEnvironment());
  }

  private static boolean isSelf(Promotion a, Promotion b) {
    String uid = a.getMetadata().getUid();
    return uid != null
        ? uid.equals(b.getMetadata().getUid())
        : Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  private static Optional<Instant> created(Promotion p) {
    String at = p.getMetadata().getCreationTimestamp();
    if (at == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
