package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.promote.PromotionMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many promotions of each environment are waiting, running or waiting for their sync object, as
 * the reconciler last saw them; published as the queue depth gauge. A promotion deleted while
 * unfinished is never reconciled again, so an entry not refreshed for {@link #STALE} is dropped:
 * anything still unfinished is reconciled far more often (outages at least every 5 minutes, sync
 * waits at every poll).
 */
final class PromotionQueue {
  static final Duration STALE = Duration.ofMinutes(15);

  /** Where a promotion stands in its environment's queue. */
  enum State {
    PENDING,
    IN_FLIGHT,
    AWAITING_SYNC;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Entry(String namespace, String environment, State state, Instant seen) {}

  private record Key(String namespace, String environment) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Set<Key> published = ConcurrentHashMap.newKeySet();
  private final PromotionMetrics metrics;
  private final Clock clock;

  PromotionQueue(PromotionMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The promotion is in {@code state} now. */
  void track(Promotion promotion, State state) {
    entries.put(
        key(promotion),
        new Entry(
            promotion.getMetadata().getNamespace(),
            promotion.getSpec().getEnvironment(),
            state,
            Instant.now(clock)));
    publish();
  }

  /** The promotion is finished. */
  void forget(Promotion promotion) {
    if (entries.remove(key(promotion)) != null) {
      publish();
    }
  }

  /** Current counts per environment and state (for tests and the gauge). */
  Map<List<String>, Integer> depths() {
    Instant cutoff = Instant.now(clock).minus(STALE);
    entries.values().removeIf(e -> e.seen().isBefore(cutoff));
    Map<List<String>, Integer> counts = new HashMap<>();
    for (Entry e : entries.values()) {
      counts.merge(List.of(e.namespace(), e.environment(), e.state().label()), 1, Integer::sum);
    }
    return counts;
  }

  // Every environment ever seen is published with every state, so a gauge drops back to zero.
  private synchronized void publish() {
    Map<List<String>, Integer> counts = depths();
    for (Entry e : entries.values()) {
      published.add(new Key(e.namespace(), e.environment()));
    }
    for (Key k : published) {
      for (State s : State.values()) {
        metrics.queueDepth(
            k.namespace(),
            k.environment(),
            s.label(),
            counts.getOrDefault(List.of(k.namespace(), k.environment(), s.label()), 0));
      }
    }
  }

  private static String key(Promotion promotion) {
    var meta = promotion.getMetadata();
    return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
  }
}
