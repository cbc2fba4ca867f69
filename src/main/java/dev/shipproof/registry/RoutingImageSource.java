package dev.shipproof.registry;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends each image to the source configured for its name prefix, e.g. "registry {@code
 * localhost:5000/acme/api} is served from layout dir X", and everything else to a fallback (the
 * real registries). A prefix matches {@code host/repository} exactly or up to a {@code /}; the
 * longest matching prefix wins. Hosts compare case-insensitively ({@link RegistryHosts}).
 */
public final class RoutingImageSource implements ImageSource {
  private final Map<String, ImageSource> routes;
  private final ImageSource fallback;

  /**
   * @param routes name prefix ({@code host[/repository...]}) to the source serving it
   * @param fallback the source for names no prefix matches
   */
  public RoutingImageSource(Map<String, ImageSource> routes, ImageSource fallback) {
    this.routes = new LinkedHashMap<>();
    Objects.requireNonNull(routes, "routes")
        .forEach(
            (prefix, source) -> {
              String key = stripSlash(RegistryHosts.keyOfPrefix(prefix));
              if (this.routes.putIfAbsent(key, source) != null) {
                throw new IllegalArgumentException(
                    "two routes for " + key + " (registry hosts ignore case)");
              }
            });
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  /** Routes each prefix to an {@link OciLayoutImageSource} on its directory. */
  public static RoutingImageSource layouts(Map<String, Path> layoutDirs, ImageSource fallback) {
    Map<String, ImageSource> routes = new LinkedHashMap<>();
    layoutDirs.forEach((prefix, dir) -> routes.put(prefix, new OciLayoutImageSource(dir)));
    return new RoutingImageSource(routes, fallback);
  }

  /** The source that serves {@code ref}. */
  public ImageSource sourceFor(ImageRef ref) {
    String name = RegistryHosts.key(ref.registryHost()) + "/" + ref.repository();
    return routes.entrySet().stream()
        .filter(route -> matches(route.getKey(), name))
        .max(Comparator.comparingInt(route -> route.getKey().length()))
        .map(Map.Entry::getValue)
        .orElse(fallback);
  }

  @Override
  public FetchedManifest fetchManifest(ImageRef ref) throws RegistryException {
    return sourceFor(ref).fetchManifest(ref);
  }

  @Override
  public List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException {
    return sourceFor(ref).collectEvidence(ref);
  }

  private static boolean matches(String prefix, String name) {
    return name.equals(prefix) || name.startsWith(prefix + "/");
  }

  private static String stripSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
