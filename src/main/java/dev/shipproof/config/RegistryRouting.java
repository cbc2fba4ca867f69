package dev.shipproof.config;

import dev.shipproof.promote.ImageCopiers;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.ImageSources;
import dev.shipproof.registry.EvidenceLimits;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OciLayoutImageSource;
import dev.shipproof.registry.OrasImageCopier;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RegistryCredentials;
import dev.shipproof.registry.RegistryHosts;
import dev.shipproof.registry.RoutingImageSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses where an image is read from: a configured local OCI layout for its repository, else its
 * registry, over HTTPS unless the environment or the operator allows plain HTTP for that host, with
 * the environment's registry credentials when it names a Secret.
 */
public final class RegistryRouting {
  /** Sources with credentials kept at once; each owns an HTTP client, so they are reused. */
  static final int MAX_CREDENTIAL_SOURCES = 32;

  private RegistryRouting() {}

  /**
   * @param layouts repository name (as written in references) to OCI layout directory
   * @param insecureHosts registry hosts that may always be reached over plain HTTP; like layout
   *     prefixes, compared without regard to case
   */
  public static ImageSources from(Map<String, Path> layouts, List<String> insecureHosts) {
    return from(layouts, insecureHosts, EvidenceLimits.DEFAULTS);
  }

  /** The same, with other bounds on the evidence read per digest. */
  public static ImageSources from(
      Map<String, Path> layouts, List<String> insecureHosts, EvidenceLimits limits) {
    return new Routes(layouts, insecureHosts, limits);
  }

  private static final class Routes implements ImageSources {
    private final Map<String, Path> layouts;
    private final Set<String> plainHttp;
    private final EvidenceLimits limits;
    private final ImageSource strict;
    private final ImageSource lenient;
    private final Map<SourceKey, ImageSource> withCredentials =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SourceKey, ImageSource> eldest) {
            return size() > MAX_CREDENTIAL_SOURCES;
          }
        };

    Routes(Map<String, Path> layouts, List<String> insecureHosts, EvidenceLimits limits) {
      this.layouts = layouts;
      this.limits = limits;
      this.plainHttp =
          insecureHosts.stream().map(RegistryHosts::key).collect(Collectors.toUnmodifiableSet());
      // Each source owns an HTTP client with its own threads: build these once, not per promotion.
      this.strict = build(false, null);
      this.lenient = build(true, null);
    }

    @Override
    public ImageSource open(ImageRef ref, boolean insecure) {
      return insecure ? lenient : strict;
    }

    @Override
    public ImageSource open(ImageRef ref, boolean insecure, RegistryCredentials credentials) {
      if (credentials == null) {
        return open(ref, insecure);
      }
      synchronized (withCredentials) {
        return withCredentials.computeIfAbsent(
            new SourceKey(insecure, credentials), key -> build(insecure, credentials));
      }
    }

    private ImageSource build(boolean insecure, RegistryCredentials credentials) {
      return RoutingImageSource.layouts(
          layouts,
          new OrasImageSource(
              host -> {
                RegistryAccess access =
                    RegistryAccess.defaults()
                        .withInsecure(insecure || plainHttp.contains(RegistryHosts.key(host)));
                // Only the entry for this very host: no other registry sees these credentials.
                return credentials == null ? access : credentials.accessFor(access, host);
              },
              limits));
    }
  }

  private record SourceKey(boolean insecure, RegistryCredentials credentials) {}

  /**
   * Registry copies by the same routes: an image served from a layout is copied from that layout;
   * any other from its registry. Each end is reached over plain HTTP when the environment says so
   * for it or its host is in {@code insecureHosts}, with that end's own credentials.
   */
  public static ImageCopiers copiers(Map<String, Path> layouts, List<String> insecureHosts) {
    Set<String> plainHttp =
        insecureHosts.stream().map(RegistryHosts::key).collect(Collectors.toUnmodifiableSet());
    RoutingImageSource routes =
        RoutingImageSource.layouts(layouts, new OrasImageSource(RegistryAccess.defaults()));
    return (source, sourceInsecure, destination, destinationInsecure, credentials) -> {
      RegistryAccess to =
          ImageCopiers.access(
              destination,
              destinationInsecure
                  || plainHttp.contains(RegistryHosts.key(destination.registryHost())),
              credentials.destination());
      if (routes.sourceFor(source) instanceof OciLayoutImageSource layout) {
        return OrasImageCopier.fromLayout(layout.layoutDir(), to);
      }
      RegistryAccess from =
          ImageCopiers.access(
              source,
              sourceInsecure || plainHttp.contains(RegistryHosts.key(source.registryHost())),
              credentials.source());
      return OrasImageCopier.fromRegistry(from, to);
    };
  }
}
