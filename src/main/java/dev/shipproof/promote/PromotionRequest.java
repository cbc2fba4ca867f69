package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.evidence.TrustRoot;

/**
 * Everything one promotion attempt needs, read from the cluster (or the CLI) beforehand so that
 * {@link Promoter} never talks to Kubernetes.
 *
 * @param namespace namespace of the Promotion
 * @param name name of the Promotion
 * @param uid uid of the Promotion: goes into the commit trailer, so a rerun finds its own work
 * @param environmentName name of the Environment
 * @param environment its spec
 * @param image the requested image, as the user wrote it
 * @param reason why, for the commit body; may be null
 * @param trust the trusted root to verify against
 * @param rollback instead of an image: what to roll back to; {@code null} for a forward promotion
 * @param override the reason to bypass a quarantine ({@code spec.override.reason}), or {@code null}
 * @param quarantine the environment's quarantined digests; {@code null} reads them from git
 */
public record PromotionRequest(
    String namespace,
    String name,
    String uid,
    String environmentName,
    EnvironmentSpec environment,
    String image,
    String reason,
    TrustRoot trust,
    RollbackSpec rollback,
    String override,
    QuarantineLedger quarantine) {

  /** A forward promotion without override, whose quarantine is read from git. */
  public PromotionRequest(
      String namespace,
      String name,
      String uid,
      String environmentName,
      EnvironmentSpec environment,
      String image,
      String reason,
      TrustRoot trust) {
    this(
        namespace, name, uid, environmentName, environment, image, reason, trust, null, null, null);
  }

  /** True when the request bypasses a quarantine with a recorded reason. */
  public boolean overridden() {
    return override != null && !override.isBlank();
  }
}
