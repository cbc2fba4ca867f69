package dev.shipproof.config;

import dev.shipproof.promote.ImageSources;
import dev.shipproof.registry.ImageSource;
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
}
