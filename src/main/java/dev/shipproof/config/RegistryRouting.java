package dev.shipproof.config;

import dev.shipproof.promote.ImageSources;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RoutingImageSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses where an image is read from: a configured local OCI layout for its repository, else
 * its registry, over HTTPS unless the environment or the operator allows plain HTTP for that host.
 */
public final class RegistryRouting {
  private RegistryRouting() {}

  /**
   * @param layouts repository name (as written in references) to OCI layout directory
   * @param insecureHosts registry hosts that may always be reached over plain HTTP
   */
  public static ImageSources from(Map<String, Path> layouts, List<String> insecureHosts) {
    Set<String> plainHttp = Set.copyOf(insecureHosts);
    // Each source owns an HTTP client with its own threads: build the two once, not per promotion.
    ImageSource strict =
        RoutingImageSource.layouts(
            layouts,
            new OrasImageSource(
                host -> RegistryAccess.defaults().withInsecure(plainHttp.contains(host))));
    ImageSource lenient =
        RoutingImageSource.layouts(
            layouts, new OrasImageSource(host -> RegistryAccess.defaults().withInsecure(true)));
    return (ref, insecure) -> insecure ? lenient : strict;
  }
}
