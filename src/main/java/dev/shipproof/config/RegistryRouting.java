package dev.shipproof.config;

import dev.shipproof.promote.ImageCopiers;
import dev.shipproof.promote.ImageSources;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OciLayoutImageSource;
import dev.shipproof.registry.OrasImageCopier;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RegistryHosts;
import dev.shipproof.registry.RoutingImageSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses where an image is read from: a configured local OCI layout for its repository, else its
 * registry, over HTTPS unless the environment or the operator allows plain HTTP for that host.
 */
public final class RegistryRouting {
  private RegistryRouting() {}

  /**
   * @param layouts repository name (as written in references) to OCI layout directory
   * @param insecureHosts registry hosts that may always be reached over plain HTTP; like layout
   *     prefixes, compared without regard to case
   */
  public static ImageSources from(Map<String, Path> layouts, List<String> insecureHosts) {
    Set<String> plainHttp =
        insecureHosts.stream().map(RegistryHosts::key).collect(Collectors.toUnmodifiableSet());
    // Each source owns an HTTP client with its own threads: build the two once, not per promotion.
    ImageSource strict =
        RoutingImageSource.layouts(
            layouts,
            new OrasImageSource(
                host ->
                    RegistryAccess.defaults()
                        .withInsecure(plainHttp.contains(RegistryHosts.key(host)))));
    ImageSource lenient =
        RoutingImageSource.layouts(
            layouts, new OrasImageSource(host -> RegistryAccess.defaults().withInsecure(true)));
    return (ref, insecure) -> insecure ? lenient : strict;
  }

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
