package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.registry.RegistryCredentials;

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
 * @param registryCredentials credentials for the image's registry (from the Environment's {@code
 *     registry.credentialsSecret}), or {@code null} for anonymous access
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
    RegistryCredentials registryCredentials) {

  /** A request with anonymous registry access. */
  public PromotionRequest(
      String namespace,
      String name,
      String uid,
      String environmentName,
      EnvironmentSpec environment,
      String image,
      String reason,
      TrustRoot trust) {
    this(namespace, name, uid, environmentName, environment, image, reason, trust, null);
  }
}
