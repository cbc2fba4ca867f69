package dev.shipproof.promote;

import java.time.Duration;
import java.util.Locale;

/**
 * Where the operator reports what it counts and times. The operator wires a Micrometer
 * implementation (config/); tests, the demo and the CLI use {@link #NONE}. Label values are the
 * Promotion's namespace and environment name, phases, and constants of {@link
 * dev.shipproof.api.v1alpha1.Reasons}, so the number of series stays bounded.
 */
public interface PromotionMetrics {
  /** Records nothing. */
  PromotionMetrics NONE = new None();

  /** The timed steps of a promotion. */
  enum Step {
    /** Fetch and hash the manifest, collect the evidence attached to the digest. */
    GATHER,
    /** Verify the evidence and evaluate the policy. */
    VERIFY,
    /** Edit, commit and push in the environment repository. */
    PUBLISH,
    /** From the push until Argo CD or Flux reported the commit synced, failed or timed out. */
    SYNC;

    /** The value of the {@code step} label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One step took {@code duration}, whatever its result. */
  void stepFinished(String namespace, String environment, Step step, Duration duration);

  /**
   * A promotion reached a phase: {@code Succeeded} or {@code Failed} once, {@code Errored} once per
   * new outage reason (not per retry).
   */
  void promotionFinished(String namespace, String environment, String phase, String reason);

  /** The evidence or the policy said no, for {@code reason}. */
  void verificationFailed(String namespace, String environment, String reason);

  /** A push lost the race to another writer and is retried on the new tip. */
  void pushRetried();

  /**
   * How many promotions of an environment are in {@code state} ({@code pending}, {@code in_flight},
   * {@code awaiting_sync}) as the reconciler last saw them.
   */
  void queueDepth(String namespace, String environment, String state, int count);

  /** A wait for Argo CD or Flux ended: {@code status} True or False, with the Synced reason. */
  void syncFinished(
      String namespace, String environment, String kind, String status, String reason);

  /** The no-op implementation behind {@link #NONE}. */
  final class None implements PromotionMetrics {
    private None() {}

    @Override
    public void stepFinished(String namespace, String environment, Step step, Duration duration) {}

    @Override
    public void promotionFinished(
        String namespace, String environment, String phase, String reason) {}

    @Override
    public void verificationFailed(String namespace, String environment, String reason) {}

    @Override
    public void pushRetried() {}

    @Override
    public void queueDepth(String namespace, String environment, String state, int count) {}

    @Override
    public void syncFinished(
        String namespace, String environment, String kind, String status, String reason) {}
  }
}
