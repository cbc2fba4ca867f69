package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.promote.Outcome;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.registry.RegistryCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Reads the registry credentials an Environment names in {@code spec.registry.credentialsSecret}: a
 * {@code kubernetes.io/dockerconfigjson} Secret in the Environment's namespace. A Secret that does
 * not exist yet is waited for (it may be applied after the Environment); one that exists but holds
 * no usable {@code .dockerconfigjson} is a final refusal.
 */
final class RegistrySecrets {
  static final String KEY = ".dockerconfigjson";

  private RegistrySecrets() {}

  /**
   * What the lookup found: credentials (or {@code null} when none are named), or a refusal.
   *
   * @param credentials the credentials, or {@code null}
   * @param refused why the Secret cannot be used, or {@code null}
   */
  record Lookup(RegistryCredentials credentials, Outcome.Refused refused) {}

  /**
   * The credentials for {@code env}'s registry.
   *
   * @throws PromotionOutage {@code RegistryCredentialsNotFound} while the Secret does not exist
   */
  static Lookup forEnvironment(KubernetesClient client, Environment env) throws PromotionOutage {
    var registry = env.getSpec().getRegistry();
    String name = registry == null ? null : registry.getCredentialsSecret();
    if (name == null || name.isBlank()) {
      return new Lookup(null, null);
    }
    String namespace = env.getMetadata().getNamespace();
    String where = "Secret " + namespace + "/" + name;
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new PromotionOutage(
          Reasons.REGISTRY_CREDENTIALS_NOT_FOUND,
          where + " named by spec.registry.credentialsSecret does not exist (yet); will retry");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
    if (encoded == null) {
      return refused(
          where + " has no " + KEY + " key; create it with type kubernetes.io/dockerconfigjson");
    }
    try {
      String json = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      return new Lookup(RegistryCredentials.fromDockerConfigJson(json), null);
    } catch (IllegalArgumentException e) {
      // The message says what is wrong without quoting the Secret.
      return refused(where + " key " + KEY + " cannot be used: " + e.getMessage());
    }
  }

  private static Lookup refused(String message) {
    return new Lookup(
        null,
        new Outcome.Refused(
            Outcome.Stage.SPEC, Reasons.REGISTRY_CREDENTIALS_INVALID, null, List.of(), message));
  }
}
