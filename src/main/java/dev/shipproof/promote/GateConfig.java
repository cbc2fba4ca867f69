package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.RegistryCopySpec;
import dev.shipproof.api.v1alpha1.UpstreamSpec;
import dev.shipproof.model.ImageRef;

/**
 * Checks an Environment's {@code upstream} and {@code registry.copyTo} before any work is done, so
 * a gate that can never work is refused as {@code InvalidEnvironment} in plain words.
 */
final class GateConfig {
  private GateConfig() {}

  /** A sentence saying what is wrong, or {@code null}. */
  static String problem(EnvironmentSpec env, String environmentName) {
    UpstreamSpec upstream = env.getUpstream();
    if (upstream != null) {
      if (upstream.getEnvironment() == null || upstream.getEnvironment().isBlank()) {
        return "spec.upstream.environment is empty";
      }
      if (upstream.getEnvironment().equals(environmentName)) {
        return "spec.upstream names the environment itself";
      }
      if (upstream.getMinSoak() != null && !upstream.getMinSoak().isBlank()) {
        try {
          SoakDuration.parse(upstream.getMinSoak());
        } catch (IllegalArgumentException e) {
          return "spec.upstream.minSoak " + e.getMessage();
        }
      }
    }
    RegistryCopySpec copy = copyTo(env);
    if (copy != null) {
      try {
        destination(copy);
      } catch (IllegalArgumentException e) {
        return "spec.registry.copyTo.repository: " + e.getMessage();
      }
    }
    return null;
  }

  /** The environment's copy destination, or {@code null}. */
  static RegistryCopySpec copyTo(EnvironmentSpec env) {
    return env.getRegistry() == null ? null : env.getRegistry().getCopyTo();
  }

  /** The destination repository as an image name without tag or digest. */
  static ImageRef destination(RegistryCopySpec copy) {
    String repository = copy.getRepository();
    if (repository == null || repository.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    ImageRef ref = ImageRef.parse(repository);
    if (ref.tag() != null || ref.digest() != null) {
      throw new IllegalArgumentException(
          repository + " names a tag or digest; give the repository only (host/path)");
    }
    return ref;
  }
}
