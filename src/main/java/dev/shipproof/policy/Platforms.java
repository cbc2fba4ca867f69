package dev.shipproof.policy;

import java.util.Arrays;

/**
 * How evidence on a multi-arch image counts ({@code policy.platforms}).
 *
 * <ul>
 *   <li>{@link #EXACT}: only evidence naming the promoted digest counts. Promoting an index needs
 *       evidence on the index; its platform manifests are not looked at.
 *   <li>{@link #INDEX_COVERS_CHILDREN}: promoting an index needs evidence on the index, and that
 *       evidence stands for every platform manifest it lists. Promoting a platform manifest, a
 *       requirement its own evidence does not meet is met by evidence on an index that lists it,
 *       when the caller names that index (a registry cannot tell which index lists a manifest).
 *   <li>{@link #EVERY_CHILD}: promoting an index needs evidence on the index and, for every
 *       platform manifest it lists, evidence on that manifest too.
 * </ul>
 */
public enum Platforms {
  EXACT("Exact"),
  INDEX_COVERS_CHILDREN("IndexCoversChildren"),
  EVERY_CHILD("EveryChild");

  private final String specName;

  Platforms(String specName) {
    this.specName = specName;
  }

  /** The spelling in {@code policy.platforms}. */
  public String specName() {
    return specName;
  }

  /** The mode named in a policy; {@code null} or blank is {@link #EXACT}; else null if unknown. */
  public static Platforms parse(String text) {
    if (text == null || text.isBlank()) {
      return EXACT;
    }
    return Arrays.stream(values()).filter(p -> p.specName.equals(text)).findFirst().orElse(null);
  }
}
