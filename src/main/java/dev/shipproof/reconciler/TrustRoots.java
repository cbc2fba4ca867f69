package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.ConfigMapKeyRef;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.promote.PromotionOutage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Sigstore trusted root for an environment: the ConfigMap its policy names, else the
 * operator's configured file, else the Sigstore public-good root shipped with the operator ({@value
 * #PUBLIC_GOOD}). Parsed roots are cached by content hash, so an edited ConfigMap takes effect on
 * the next promotion without a restart.
 */
public final class TrustRoots {
  /** Class-path resource of the shipped Sigstore public-good trusted root. */
  public static final String PUBLIC_GOOD = "/sigstore/trusted_root.public-good.json";

  private final Optional<Path> defaultFile;

  /** Distinct trusted roots kept parsed. */
  static final int REMEMBERED = 16;

  /** Parsed roots by content hash, least recently used dropped first; guarded by itself. */
  private final Map<String, TrustRoot> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrustRoot> eldest) {
          return size() > REMEMBERED;
        }
      };

  public TrustRoots(Optional<Path> defaultFile) {
    this.defaultFile = defaultFile;
  }

  /** The trusted root for {@code env}; an outage when it cannot be read yet. */
  public TrustRoot forEnvironment(KubernetesClient client, Environment env) throws PromotionOutage {
    ConfigMapKeyRef ref = env.getSpec().getPolicy().getTrustedRoot();
    if (ref != null) {
      return fromConfigMap(client, env.getMetadata().getNamespace(), ref);
    }
    if (defaultFile.isPresent()) {
      return fromFile(defaultFile.get());
    }
    return publicGood();
  }

  /** The Sigstore public-good trusted root shipped with the operator. */
  public TrustRoot publicGood() throws PromotionOutage {
    try (InputStream in = TrustRoots.class.getResourceAsStream(PUBLIC_GOOD)) {
      if (in == null) {
        throw new PromotionOutage(
            Reasons.TRUSTED_ROOT_UNAVAILABLE,
            "no trusted root: set spec.policy.trustedRoot on the Environment or"
                + " shipproof.trusted-root in the operator configuration (the shipped public-good"
                + " root is missing from this build)");
      }
      return parse(in.readAllBytes(), "the shipped public-good trusted root");
    } catch (IOException e) {
      throw new PromotionOutage(
          Reasons.TRUSTED_ROOT_UNAVAILABLE, "cannot read the shipped public-good trusted root", e);
    }
  }

  private TrustRoot fromConfigMap(KubernetesClient client, String namespace, ConfigMapKeyRef ref)
      throws PromotionOutage {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    String where = "ConfigMap " + namespace + "/" + ref.getName() + " key " + ref.getKey();
    if (cm == null || cm.getData() == null || !cm.getData().containsKey(ref.getKey())) {
      throw new PromotionOutage(Reasons.TRUSTED_ROOT_UNAVAILABLE, where + " does not exist");
    }
    return parse(cm.getData().get(ref.getKey()).getBytes(StandardCharsets.UTF_8), where);
  }

  private TrustRoot fromFile(Path file) throws PromotionOutage {
    try {
      return parse(Files.readAllBytes(file), "trusted root file " + file);
    } catch (IOException e) {
      throw new PromotionOutage(
          Reasons.TRUSTED_ROOT_UNAVAILABLE, "cannot read trusted root file " + file, e);
    }
  }

  private TrustRoot parse(byte[] json, String where) throws PromotionOutage {
    String key = sha256(json);
    try {
      synchronized (cache) {
        // Once per content: at start-up every reconcile thread misses at the same moment, and
        // parsing a root (its certificates and keys) is the costly part. A parse is rare enough
        // that the others may wait for it.
        return cache.computeIfAbsent(key, k -> TrustRoot.parse(json));
      }
    } catch (IllegalArgumentException e) {
      throw new PromotionOutage(
          Reasons.TRUSTED_ROOT_UNAVAILABLE,
          where + " is not a valid trusted root: " + e.getMessage());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
