package dev.shipproof.reconciler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts how many attempts in a row of each promotion failed with the same unexpected error, so
 * that a bug that fails every attempt ends the promotion instead of retrying it forever. Any other
 * result of an attempt (success, an outage, a different error) starts the count over.
 */
final class InternalErrors {
  /** Promotions remembered at once; the least recently failed is dropped beyond. */
  static final int MAX_TRACKED = 1024;

  private record Streak(String signature, int attempts) {}

  private final Map<String, Streak> streaks =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Streak> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  /**
   * Records one failed attempt.
   *
   * @return how many attempts in a row, this one included, failed with this same error
   */
  synchronized int failed(String promotion, Throwable error) {
    String signature = signature(error);
    Streak last = streaks.get(promotion);
    int attempts =
        last != null && Objects.equals(last.signature(), signature) ? last.attempts() + 1 : 1;
    streaks.put(promotion, new Streak(signature, attempts));
    return attempts;
  }

  /** The promotion's attempt ended otherwise: start its count over. */
  synchronized void reset(String promotion) {
    streaks.remove(promotion);
  }

  /** Same type, same message and thrown at the same place. */
  private static String signature(Throwable error) {
    StackTraceElement[] trace = error.getStackTrace();
    String where = trace.length == 0 ? "" : trace[0].toString();
    return error.getClass().getName() + "|" + error.getMessage() + "|" + where;
  }
}
