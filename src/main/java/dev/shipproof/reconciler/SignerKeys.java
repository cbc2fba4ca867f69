package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.SecretKeyRef;
import dev.shipproof.promote.PolicyCopies;
import dev.shipproof.promote.PolicyKeys;
import dev.shipproof.promote.PromotionOutage;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the public keys of an Environment's key signers from Secrets in its namespace ({@code
 * secretRef}) and hands the promoter an Environment whose key signers carry the PEM text. A Secret
 * or key that does not exist yet is waited for like a missing Environment ({@link
 * Reasons#SIGNER_KEY_UNAVAILABLE}, retried): it is often applied in the same change as the
 * Environment. Whether the text is a usable key is checked later, as part of the Environment
 * ({@code InvalidEnvironment}, final).
 */
public final class SignerKeys {
  private SignerKeys() {}

  /**
   * {@code env} itself when no key signer names a Secret, else a copy with every such key read into
   * {@code pem}; the cached original is never changed.
   */
  public static Environment resolve(KubernetesClient client, Environment env)
      throws PromotionOutage {
    var spec = env.getSpec();
    if (spec == null
        || PolicyKeys.keySigners(spec.getPolicy()).stream()
            .noneMatch(k -> k.getSecretRef() != null)) {
      return env;
    }
    var namespace = env.getMetadata().getNamespace();
    var copy = PolicyCopies.copy(spec);
    for (var key : PolicyKeys.keySigners(copy.getPolicy())) {
      if (key.getSecretRef() != null) {
        key.setPem(read(client, namespace, key.getSecretRef()));
      }
    }
    var resolved = new Environment();
    resolved.setMetadata(new ObjectMetaBuilder(env.getMetadata()).build());
    resolved.setSpec(copy);
    resolved.setStatus(env.getStatus());
    return resolved;
  }

  private static String read(KubernetesClient client, String namespace, SecretKeyRef ref)
      throws PromotionOutage {
    var name = ref.getName();
    var key = ref.getKey() == null || ref.getKey().isBlank() ? "cosign.pub" : ref.getKey();
    var where = "Secret " + namespace + "/" + name + " key " + key;
    if (name == null || name.isBlank()) {
      throw new PromotionOutage(
          Reasons.SIGNER_KEY_UNAVAILABLE, "a key signer's secretRef names no Secret");
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new PromotionOutage(
          Reasons.SIGNER_KEY_UNAVAILABLE,
          "Secret " + namespace + "/" + name + " does not exist (yet); will retry");
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        return new String(
            Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // The API server always base64-encodes data; garbage here is handed on as text and
        // refused as an invalid key by the environment check.
        return secret.getData().get(key);
      }
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key);
    }
    throw new PromotionOutage(
        Reasons.SIGNER_KEY_UNAVAILABLE, where + " does not exist (yet); will retry");
  }
}
