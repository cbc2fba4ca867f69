package dev.shipproof.registry;

import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.RegistryException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Content by digest or tag, a referrers API answer as set (or none), and digests whose read fails
 * as an outage; records the artifact types the referrers API was asked for.
 */
final class MapContentStore implements ContentStore {
  final Map<String, byte[]> content = new HashMap<>();
  final List<String> askedTypes = new ArrayList<>();
  Optional<List<Descriptor>> referrers = Optional.of(List.of());
  boolean filterApplied;

  /** Says the filter was applied, but answers with every referrer. */
  boolean claimsFilterWithoutApplyingIt;

  Set<String> down = Set.of();

  /** Stores bytes under their sha256 digest and returns it. */
  String put(byte[] bytes) {
    String digest = Digests.compute("sha256:", bytes);
    content.put(digest, bytes);
    return digest;
  }

  /** Stores bytes under a tag and under their digest; returns the digest. */
  String tag(String tag, byte[] bytes) {
    content.put(tag, bytes);
    return put(bytes);
  }

  @Override
  public Optional<Content> manifest(ImageRef image, String reference, long maxBytes)
      throws RegistryException {
    return read(reference).map(bytes -> new Content(bytes, null, null));
  }

  @Override
  public Optional<Referrers> referrers(ImageRef image, String digest, String artifactType) {
    askedTypes.add(artifactType);
    if (referrers.isEmpty()) {
      return Optional.empty();
    }
    List<Descriptor> answer =
        filterApplied
            ? referrers.get().stream().filter(d -> artifactType.equals(d.artifactType())).toList()
            : referrers.get();
    if (claimsFilterWithoutApplyingIt) {
      return Optional.of(new Referrers(referrers.get(), true));
    }
    return Optional.of(new Referrers(answer, filterApplied));
  }

  @Override
  public Optional<byte[]> blob(ImageRef image, String digest, long maxBytes)
      throws RegistryException {
    return read(digest);
  }

  private Optional<byte[]> read(String reference) throws RegistryException {
    if (down.contains(reference)) {
      throw new RegistryException(Kind.UNAVAILABLE, "registry test answered HTTP 503");
    }
    return Optional.ofNullable(content.get(reference));
  }

  @Override
  public String describe(ImageRef image) {
    return "test store";
  }
}
