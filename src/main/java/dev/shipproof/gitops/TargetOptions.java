package dev.shipproof.gitops;

/**
 * How to find the image inside one target file, beyond its name. Every field is optional; {@link
 * #DEFAULTS} holds the defaults. See {@code docs/targets.md}.
 *
 * @param key key path ({@code a.b[0].c}, {@code list[name=x].value}); {@code helm-values}
 *     defaults to {@code image}, {@code yaml} requires one, the other formats ignore it
 * @param repositoryKey key of the repository in a map (default {@code repository})
 * @param tagKey key of the tag in a map (default {@code tag})
 * @param digestKey key of the digest in a map (default {@code digest})
 * @param tagHoldsDigest when a map has no digest key, write {@code tag: "<tag>@sha256:…"}
 * @param newName the repository name to write when the environment promotes under another name;
 *     {@code null} keeps the name as written
 * @param kind manifest only: edit only objects of this kind (case-insensitive); {@code null} for
 *     all
 * @param name manifest only: edit only objects with this {@code metadata.name}
 * @param container manifest only: edit only containers with this name
 * @param anchor the name of an anchor the edit may change although aliases refer to it (the
 *     aliased places change with it); {@code null} refuses every such edit
 */
public record TargetOptions(
    String key,
    String repositoryKey,
    String tagKey,
    String digestKey,
    boolean tagHoldsDigest,
    String newName,
    String kind,
    String name,
    String container,
    String anchor) {

  /** No key path, the usual map keys, no opt-in, no selectors. */
  public static final TargetOptions DEFAULTS =
      new TargetOptions(null, "repository", "tag", "digest", false, null, null, null, null, null);

  /** Fills the map keys with their defaults when {@code null} or blank. */
  public TargetOptions {
    repositoryKey = orDefault(repositoryKey, "repository");
    tagKey = orDefault(tagKey, "tag");
    digestKey = orDefault(digestKey, "digest");
    key = blankToNull(key);
    newName = blankToNull(newName);
    kind = blankToNull(kind);
    name = blankToNull(name);
    container = blankToNull(container);
    anchor = blankToNull(anchor);
  }

  /** These options with {@code key} set. */
  public TargetOptions withKey(String newKey) {
    return new TargetOptions(
        newKey,
        repositoryKey,
        tagKey,
        digestKey,
        tagHoldsDigest,
        newName,
        kind,
        name,
        container,
        anchor);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
