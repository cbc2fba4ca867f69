package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.model.ImageRef;
import org.jboss.logging.MDC;

/**
 * The log context (MDC) of one reconciliation: which promotion, environment, image and digest a log
 * line is about. JSON logs carry every key as a field; the operator SDK adds the resource's name,
 * namespace, kind and uid itself.
 */
final class LogContext {
  static final String PROMOTION = "promotion";
  static final String ENVIRONMENT = "environment";
  static final String IMAGE = "image";
  static final String DIGEST = "digest";

  private LogContext() {}

  static void put(Promotion promotion) {
    var meta = promotion.getMetadata();
    MDC.put(PROMOTION, meta.getNamespace() + "/" + meta.getName());
    var spec = promotion.getSpec();
    if (spec == null) {
      return;
    }
    MDC.put(ENVIRONMENT, String.valueOf(spec.getEnvironment()));
    try {
      ImageRef ref = ImageRef.parse(spec.getImage());
      MDC.put(IMAGE, ref.name());
      if (ref.digest() != null) {
        MDC.put(DIGEST, ref.digest());
      }
    } catch (RuntimeException e) {
      // An unusable reference is refused (and logged) by the promoter; the log context can do
      // without it.
      MDC.put(IMAGE, String.valueOf(spec.getImage()));
    }
  }

  /** Reconciler threads are pooled: our keys must not leak into the next resource's logs. */
  static void clear() {
    MDC.remove(PROMOTION);
    MDC.remove(ENVIRONMENT);
    MDC.remove(IMAGE);
    MDC.remove(DIGEST);
  }
}
