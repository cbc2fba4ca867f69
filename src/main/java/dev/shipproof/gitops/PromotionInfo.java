package dev.shipproof.gitops;

import dev.shipproof.model.ImageRef;
import java.util.Objects;

/**
 * What a promotion commit says about itself.
 *
 * @param namespace the Promotion's namespace
 * @param promotionName the Promotion's name
 * @param uid the Promotion's uid, so a rerun after a crash finds its own commit
 * @param environment the Environment's name
 * @param image the promoted image; must carry a digest
 * @param reason the user's free-text reason, or {@code null}; untrusted, sanitised when written
 * @param evidenceSummary one line naming the evidence that verified, e.g. {@code signature(keyless
 *     acme/api release.yml); slsa-provenance}
 */
public record PromotionInfo(
    String namespace,
    String promotionName,
    String uid,
    String environment,
    ImageRef image,
    String reason,
    String evidenceSummary) {

  /** Checks the required parts; {@code reason} may be {@code null}. */
  public PromotionInfo {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(promotionName, "promotionName");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(evidenceSummary, "evidenceSummary");
    if (image.digest() == null) {
      throw new IllegalArgumentException("promoted image has no digest: " + image);
    }
  }
}
