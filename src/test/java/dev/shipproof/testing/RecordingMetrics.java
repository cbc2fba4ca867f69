package dev.shipproof.testing;

import dev.shipproof.promote.PromotionMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every metric call as a line, e.g. {@code sync payments/production application True}. */
public final class RecordingMetrics implements PromotionMetrics {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final Map<String, Integer> depths = new ConcurrentHashMap<>();

  @Override
  public void stepFinished(String namespace, String environment, Step step, Duration duration) {
    calls.add("step " + namespace + "/" + environment + " " + step.label());
  }

  @Override
  public void promotionFinished(String namespace, String environment, String phase, String reason) {
    calls.add("promotion " + namespace + "/" + environment + " " + phase + " " + reason);
  }

  @Override
  public void verificationFailed(String namespace, String environment, String reason) {
    calls.add("verification " + namespace + "/" + environment + " " + reason);
  }

  @Override
  public void pushRetried() {
    calls.add("push-retry");
  }

  @Override
  public void queueDepth(String namespace, String environment, String state, int count) {
    depths.put(namespace + "/" + environment + " " + state, count);
  }

  @Override
  public void syncFinished(
      String namespace, String environment, String kind, String status, String reason) {
    calls.add("sync " + namespace + "/" + environment + " " + kind + " " + status + " " + reason);
  }
}
