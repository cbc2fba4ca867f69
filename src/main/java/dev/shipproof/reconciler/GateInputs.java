package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.promote.CopyCredentials;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.UpstreamRecord;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads what the upstream gate and the registry copy need from the cluster before a promotion runs:
 * the upstream Environment, and the registry credential Secrets.
 */
final class GateInputs {
  static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

  private GateInputs() {}

  /**
   * The upstream's record, or {@code null} when the environment has no upstream or it is absent.
   */
  static UpstreamRecord upstream(KubernetesClient client, String namespace, EnvironmentSpec env)
      throws PromotionOutage {
    if (env.getUpstream() == null || env.getUpstream().getEnvironment() == null) {
      return null;
    }
    String name = env.getUpstream().getEnvironment();
    Environment upstream =
        client.resources(Environment.class).inNamespace(namespace).withName(name).get();
    if (upstream == null || upstream.getSpec() == null) {
      return null;
    }
    // The upstream's branch is read with the upstream's own Secret, never this environment's.
    GitSecrets.Lookup access = GitSecrets.forEnvironment(client, upstream);
    if (access.refused() != null) {
      // Retried: the upstream's own promotions report the same Secret as final; once it is fixed
      // there, this gate reads the upstream again.
      throw new PromotionOutage(
          access.refused().reason(),
          "reading the upstream Environment "
              + name
              + ": "
              + access.refused().message()
              + "; will retry");
    }
    return new UpstreamRecord(name, upstream.getSpec(), upstream.getStatus(), access.access());
  }

  /** Docker config JSON of both ends of a registry copy; none when there is no copy. */
  static CopyCredentials credentials(KubernetesClient client, String namespace, EnvironmentSpec env)
      throws PromotionOutage {
    var registry = env.getRegistry();
    if (registry == null || registry.getCopyTo() == null) {
      return CopyCredentials.NONE;
    }
    return new CopyCredentials(
        dockerConfig(client, namespace, registry.getCredentialsSecret()),
        dockerConfig(client, namespace, registry.getCopyTo().getCredentialsSecret()));
  }

  private static String dockerConfig(KubernetesClient client, String namespace, String name)
      throws PromotionOutage {
    if (name == null || name.isBlank()) {
      return null;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    String where = "Secret " + namespace + "/" + name;
    if (secret == null) {
      throw new PromotionOutage(Reasons.REGISTRY_UNAUTHORIZED, where + " does not exist (yet)");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(DOCKER_CONFIG_KEY);
    if (encoded != null) {
      try {
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new PromotionOutage(
            Reasons.REGISTRY_UNAUTHORIZED, where + " key " + DOCKER_CONFIG_KEY + " is not base64");
      }
    }
    String plain =
        secret.getStringData() == null ? null : secret.getStringData().get(DOCKER_CONFIG_KEY);
    if (plain == null) {
      throw new PromotionOutage(
          Reasons.REGISTRY_UNAUTHORIZED, where + " has no " + DOCKER_CONFIG_KEY + " key");
    }
    return plain;
  }
}
